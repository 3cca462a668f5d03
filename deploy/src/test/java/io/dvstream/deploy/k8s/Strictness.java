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

    private static boolean isLeaf(Class<?> c) {
        return c.isPrimitive() || c.isEnum() || c.getName().startsWith("java.") || Number.class.isAssignableFrom(c)
                || c == String.class || c == Boolean.class || c.getName().startsWith("com.fasterxml.");
    }
}
