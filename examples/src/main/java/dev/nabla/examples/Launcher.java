package dev.nabla.examples;

import java.util.Arrays;
import java.util.List;

/**
 * Lists and runs Nabla's examples:
 * <pre>
 * java -jar examples/target/nabla-examples.jar               # list the examples
 * java -jar examples/target/nabla-examples.jar NAME --help   # an example's options
 * java -jar examples/target/nabla-examples.jar NAME [options]
 * </pre>
 */
public final class Launcher {

    private static final List<Example> EXAMPLES = List.of(new DigitsMlp(), new FashionMlp(), new FashionCnn(),
            new FashionResnet(), new Optimizers(), new TwoMoons());

    private Launcher() {
    }

    /**
     * Runs the example named by the first argument, or lists them all.
     *
     * @param args the example's name, then its options
     * @throws Exception whatever the example throws
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println("Nabla examples. Usage: java -jar nabla-examples.jar NAME [--help | options]\n");
            for (Example e : EXAMPLES) {
                System.out.printf("  %-14s %s%n", e.name(), e.description());
            }
            return;
        }
        for (Example e : EXAMPLES) {
            if (e.name().equals(args[0])) {
                String[] rest = Arrays.copyOfRange(args, 1, args.length);
                if (Arrays.asList(rest).contains("--help")) {
                    System.out.println(e.usage());
                } else {
                    try {
                        e.run(rest);
                    } catch (IllegalArgumentException bad) {
                        // A bad option or value: the message says which; no stack trace needed.
                        System.err.println(bad.getMessage());
                        System.exit(2);
                    }
                }
                return;
            }
        }
        System.err.println("Unknown example '" + args[0] + "'. Run without arguments to list the examples.");
        System.exit(2);
    }
}
