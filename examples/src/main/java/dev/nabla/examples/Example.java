package dev.nabla.examples;

/** A runnable example behind the {@link Launcher}. */
public interface Example {

    /** @return the name the launcher runs it by, e.g. {@code two-moons} */
    String name();

    /** @return one line saying what it does */
    String description();

    /** @return the help text listing its options */
    String usage();

    /**
     * Runs the example.
     *
     * @param args its command-line options (after the name)
     * @throws Exception if it fails; the launcher reports it
     */
    void run(String[] args) throws Exception;
}
