package io.dvstream.deploy.checks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Flink's own configuration options, read from the flink-core jar the job is built against: every public
 * static {@link ConfigOption} of the {@code org.apache.flink.configuration} classes. A manifest's Flink
 * setting is accepted when its key is one of these (deprecated fallback keys are not) and Flink's own typed
 * getter accepts its value.
 */
public final class FlinkOptions {

    private static final String PACKAGE = "org/apache/flink/configuration/";
    private static Map<String, ConfigOption<?>> options;

    private FlinkOptions() {
    }

    public static synchronized Map<String, ConfigOption<?>> all() {
        if (options == null) {
            options = Collections.unmodifiableMap(scan());
        }
        return options;
    }

    /**
     * Checks settings as Flink reads them.
     *
     * @throws IllegalArgumentException naming the first unknown key or unreadable value
     */
    public static void check(Map<String, String> settings, String where) {
        Configuration conf = Configuration.fromMap(settings);
        for (Map.Entry<String, String> e : settings.entrySet()) {
            ConfigOption<?> option = all().get(e.getKey());
            if (option == null) {
                throw new IllegalArgumentException(where + ": " + e.getKey() + " is not a Flink " + flinkVersion()
                        + " configuration option (a typo, or a deprecated key)");
            }
            try {
                conf.get(option);
            } catch (RuntimeException ex) {
                throw new IllegalArgumentException(where + ": " + e.getKey() + "=" + e.getValue() + " is not a valid value: "
                        + ex.getMessage(), ex);
            }
        }
    }

    public static String flinkVersion() {
        return org.apache.flink.runtime.util.EnvironmentInformation.getVersion();
    }

    private static Map<String, ConfigOption<?>> scan() {
        Map<String, ConfigOption<?>> found = new TreeMap<>();
        Path jar;
        try {
            jar = Path.of(ConfigOption.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try (JarFile jf = new JarFile(jar.toFile())) {
            for (var entry : Collections.list(jf.entries())) {
                String name = entry.getName();
                if (!name.startsWith(PACKAGE) || !name.endsWith(".class") || name.indexOf('/', PACKAGE.length()) >= 0) {
                    continue;
                }
                Class<?> c;
                try {
                    c = Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), true, FlinkOptions.class.getClassLoader());
                } catch (ReflectiveOperationException | LinkageError e) {
                    continue; // a class that needs optional dependencies holds no option we use
                }
                for (Field f : c.getFields()) {
                    if (Modifier.isStatic(f.getModifiers()) && ConfigOption.class.isAssignableFrom(f.getType())) {
                        ConfigOption<?> o = (ConfigOption<?>) f.get(null);
                        found.put(o.key(), o);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }
}
