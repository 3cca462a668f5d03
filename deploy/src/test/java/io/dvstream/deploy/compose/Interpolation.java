package io.dvstream.deploy.compose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compose's variable interpolation in string values: {@code $$} (a literal $), {@code $NAME}, {@code ${NAME}},
 * {@code ${NAME:-default}}, {@code ${NAME-default}}, {@code ${NAME:?error}}, {@code ${NAME?error}}. A
 * required variable that is missing fails with Compose's message; an unset plain variable is an error here
 * (Compose would warn and use an empty string, which would hide a missing .env entry).
 */
final class Interpolation {

    private Interpolation() {
    }

    static Object apply(Object value, Map<String, String> vars, String where) {
        if (value instanceof String s) {
            return substitute(s, vars, where);
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), apply(v, vars, where + "." + k)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                out.add(apply(l.get(i), vars, where + "[" + i + "]"));
            }
            return out;
        }
        return value;
    }

    static String substitute(String s, Map<String, String> vars, String where) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '$' || i + 1 >= s.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = s.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '{') {
                int end = s.indexOf('}', i);
                if (end < 0) {
                    throw new IllegalArgumentException(where + ": unclosed ${ in " + s);
                }
                out.append(expression(s.substring(i + 2, end), vars, where));
                i = end + 1;
            } else if (Character.isLetter(next) || next == '_') {
                int j = i + 1;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                    j++;
                }
                out.append(expression(s.substring(i + 1, j), vars, where));
                i = j;
            } else {
                throw new IllegalArgumentException(where + ": a lone $ in " + s + " (write $$ for a literal $)");
            }
        }
        return out.toString();
    }

    private static String expression(String e, Map<String, String> vars, String where) {
        for (String op : new String[] {":-", ":?", "-", "?"}) {
            int at = e.indexOf(op);
            if (at > 0) {
                String name = e.substring(0, at);
                String arg = e.substring(at + op.length());
                String value = vars.get(name);
                boolean missing = value == null || (op.startsWith(":") && value.isEmpty());
                if (!missing) {
                    return value;
                }
                if (op.endsWith("?")) {
                    throw new IllegalArgumentException(where + ": required variable " + name + " is missing a value: " + arg);
                }
                return substitute(arg, vars, where);
            }
        }
        String value = vars.get(e);
        if (value == null) {
            throw new IllegalArgumentException(where + ": variable " + e + " is not set (deploy/compose/.env or the environment)");
        }
        return value;
    }
}
