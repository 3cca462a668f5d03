package io.dvstream.deploy.k8s;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * fabric8's and Strimzi's model classes keep fields they do not know in an {@code additionalProperties} map
 * instead of failing; a typo in a manifest would then parse. This walks a parsed model and fails on any
 * non-empty {@code additionalProperties}, naming the path.
 */
final class Strictness {

    private Strictness() {
    }

    static void requireNoUnknownFields(Object model, String where) {
        walk(model, "", where, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    /**
     * Some model classes (the Flink operator's) ignore unknown fields outright. Writing the parsed model
     * back and finding every field of the source in it catches those: a field the model dropped was not
     * one it knows. Scalars compare as text (YAML's 2 and "2" are one value to a string field); empty
     * objects, empty lists and nulls need not come back.
     */
    static void requireRoundTrip(com.fasterxml.jackson.databind.JsonNode source, Object model,
                                 com.fasterxml.jackson.databind.ObjectMapper mapper, String where) {
        // apiVersion and kind are checked against the class before parsing; Strimzi's classes write back
        // their default version whatever was read.
        com.fasterxml.jackson.databind.node.ObjectNode fields = source.deepCopy();
        fields.remove(java.util.List.of("apiVersion", "kind"));
        compare(fields, mapper.valueToTree(model), "", where);
    }

    private static void compare(com.fasterxml.jackson.databind.JsonNode source, com.fasterxml.jackson.databind.JsonNode back,
                                String path, String where) {
        if (source == null || source.isNull() || (source.isContainerNode() && source.isEmpty())) {
            return;
        }
        String at = path.isEmpty() ? "the top level" : path.substring(1);
        boolean defaultValue = (source.isBoolean() && !source.booleanValue()) || (source.isNumber() && source.decimalValue().signum() == 0);
        if ((back == null || back.isMissingNode() || back.isNull()) && defaultValue) {
            return; // models leave out false and 0 when writing (the additionalProperties walk still sees unknown ones)
        }
        if (back == null || back.isMissingNode() || back.isNull()) {
            throw new IllegalArgumentException(where + ": unknown field " + at + " (the model dropped it)");
        }
        if (source.isObject()) {
            var names = source.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                compare(source.get(name), back.get(name), path + "." + name, where);
            }
        } else if (source.isArray()) {
            if (!back.isArray() || back.size() != source.size()) {
                throw new IllegalArgumentException(where + ": " + at + " did not survive parsing as a list of " + source.size());
            }
            for (int i = 0; i < source.size(); i++) {
                compare(source.get(i), back.get(i), path + "[" + i + "]", where);
            }
        } else if (!source.asText().equals(back.asText()) && !sameNumber(source.asText(), back.asText())) {
            throw new IllegalArgumentException(where + ": " + at + " is " + source.asText() + " in the file but "
                    + back.asText() + " as parsed");
        }
    }

    private static void walk(Object o, String path, String where, Set<Object> seen) {
        if (o == null || !seen.add(o)) {
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "." + k, where, seen));
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                walk(e, path + "[" + i++ + "]", where, seen);
            }
            return;
        }
        if (isLeaf(o.getClass())) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class || m.getName().equals("getClass")) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
                continue;
            }
            String name = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
            if (name.equals("additionalProperties") && value instanceof Map<?, ?> extra) {
                if (!extra.isEmpty()) {
                    throw new IllegalArgumentException(where + ": unknown field(s) " + extra.keySet() + " at "
                            + (path.isEmpty() ? "the top level" : path.substring(1)) + " (" + o.getClass().getSimpleName() + ")");
                }
                continue;
            }
            walk(value, path + "." + name, where, seen);
        }
    }

    private static boolean sameNumber(String a, String b) {
        try {
            return new java.math.BigDecimal(a).compareTo(new java.math.BigDecimal(b)) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isLeaf(Class<?> c) {
        return c.isPrimitive() || c.isEnum() || c.getName().startsWith("java.") || Number.class.isAssignableFrom(c)
                || c == String.class || c == Boolean.class || c.getName().startsWith("com.fasterxml.");
    }
}
