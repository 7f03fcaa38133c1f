package dev.nabla.examples;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Parses {@code --name value} and {@code --flag} options, rejecting unknown names. */
final class Options {

    private final Map<String, String> values = new HashMap<>();
    private final String example;

    Options(String example, String[] args, Set<String> flags, Set<String> valued) {
        this.example = example;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name = a.startsWith("--") ? a.substring(2) : null;
            if (name != null && flags.contains(name)) {
                values.put(name, "true");
            } else if (name != null && valued.contains(name) && i + 1 < args.length) {
                values.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException(example + ": unknown or incomplete option '" + a
                        + "'; run with --help to see the options");
            }
        }
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String text(String name) {
        return values.get(name);
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    int integer(String name, int fallback) {
        return values.containsKey(name) ? (int) parse(name, "a whole number", Integer::parseInt) : fallback;
    }

    long longValue(String name, long fallback) {
        return values.containsKey(name) ? parse(name, "a whole number", Long::parseLong) : fallback;
    }

    float real(String name, float fallback) {
        return values.containsKey(name) ? parse(name, "a number", Float::parseFloat) : fallback;
    }

    double decimal(String name, double fallback) {
        return values.containsKey(name) ? parse(name, "a number", Double::parseDouble) : fallback;
    }

    private <T> T parse(String name, String what, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(values.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(example + ": --" + name + " expects " + what + ", got '"
                    + values.get(name) + "'");
        }
    }
}
