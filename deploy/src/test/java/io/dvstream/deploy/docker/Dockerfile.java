package io.dvstream.deploy.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a Dockerfile the cross-checks need: the base image (with {@code ARG} defaults substituted)
 * and the {@code COPY} instructions. Continuation lines and comments are handled; anything else is kept
 * as an instruction word only.
 *
 * @param file where it was read from
 * @param baseImage the FROM image, ARGs substituted
 * @param copies every COPY, in order
 * @param instructions every instruction keyword, upper case, in order
 */
public record Dockerfile(Path file, String baseImage, List<Copy> copies, List<String> instructions) {

    /** One {@code COPY SRC... DEST}; sources are relative to the build context. */
    public record Copy(int line, List<String> sources, String destination) {
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    public static Dockerfile read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        Map<String, String> args = new LinkedHashMap<>();
        String base = null;
        List<Copy> copies = new ArrayList<>();
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (current.isEmpty() && (line.isBlank() || line.stripLeading().startsWith("#"))) {
                continue;
            }
            if (current.isEmpty()) {
                start = i + 1;
            }
            if (line.stripLeading().startsWith("#")) {
                continue; // a comment inside a continued instruction
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            String instruction = current.toString().strip();
            current.setLength(0);
            String[] words = instruction.split("\\s+");
            String keyword = words[0].toUpperCase(java.util.Locale.ROOT);
            instructions.add(keyword);
            switch (keyword) {
                case "ARG" -> {
                    String[] kv = words[1].split("=", 2);
                    args.put(kv[0], kv.length > 1 ? kv[1] : "");
                }
                case "FROM" -> {
                    if (base != null) {
                        throw new IllegalArgumentException(file + ":" + start + ": more than one FROM (multi-stage builds are not expected here)");
                    }
                    base = substitute(words[1], args, file, start);
                }
                case "COPY" -> {
                    List<String> operands = new ArrayList<>();
                    for (int w = 1; w < words.length; w++) {
                        if (!words[w].startsWith("--")) {
                            operands.add(substitute(words[w], args, file, start));
                        }
                    }
                    if (operands.size() < 2) {
                        throw new IllegalArgumentException(file + ":" + start + ": COPY needs a source and a destination: " + instruction);
                    }
                    copies.add(new Copy(start, List.copyOf(operands.subList(0, operands.size() - 1)), operands.get(operands.size() - 1)));
                }
                default -> {
                }
            }
        }
        if (base == null) {
            throw new IllegalArgumentException(file + ": no FROM instruction");
        }
        return new Dockerfile(file, base, List.copyOf(copies), List.copyOf(instructions));
    }

    private static String substitute(String text, Map<String, String> args, Path file, int line) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = args.get(name);
            if (value == null) {
                throw new IllegalArgumentException(file + ":" + line + ": ${" + name + "} is not a declared ARG");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
