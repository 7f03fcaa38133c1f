package dev.nabla.core;

import java.security.CodeSource;
import java.util.Objects;

/** The checks of anomaly mode: non-finite values, and where in user code an op was created. */
final class Anomaly {

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final CodeSource LIBRARY = Tensor.class.getProtectionDomain().getCodeSource();
    private static final String LIBRARY_PACKAGE = Tensor.class.getPackageName() + ".";

    private Anomaly() {
    }

    /** Throws if {@code out} holds NaN or infinity after the forward of {@code op}. */
    static void checkForward(String op, Tensor out, Tensor[] inputs) {
        int bad = firstNonFinite(out);
        if (bad >= 0) {
            throw new NumericalAnomalyException(op, "anomaly: forward of '" + op + "' produced "
                    + out.data()[bad] + " at flat index " + bad + " of its output " + out.shape()
                    + "; input shapes " + shapes(inputs) + "; created at " + userSite());
        }
    }

    /** Throws if the gradient a backward rule returned for input {@code i} is not finite. */
    static void checkBackward(Node node, int i, Tensor g) {
        int bad = firstNonFinite(g);
        if (bad >= 0) {
            throw new NumericalAnomalyException(node.op, "anomaly: backward of '" + node.op + "' produced "
                    + g.data()[bad] + " at flat index " + bad + " of the gradient of its input " + i
                    + "; input shapes " + shapes(node.inputs) + "; the op was created at "
                    + Objects.requireNonNullElse(node.site, "(unknown: anomaly mode was off when it was created)"));
        }
    }

    /** Re-attributes an anomaly raised by an op inside a backward rule to the rule's op. */
    static NumericalAnomalyException inBackward(Node node, NumericalAnomalyException inner) {
        if (inner.getMessage().startsWith("anomaly: backward of")) {
            return inner;
        }
        NumericalAnomalyException e = new NumericalAnomalyException(node.op, "anomaly: backward of '" + node.op
                + "' produced a non-finite value (in its step: " + inner.getMessage() + "); input shapes "
                + shapes(node.inputs) + "; the op was created at "
                + Objects.requireNonNullElse(node.site, "(unknown: anomaly mode was off when it was created)"));
        e.initCause(inner);
        return e;
    }

    private static int firstNonFinite(Tensor t) {
        float[] d = t.data();
        for (int i = 0, n = t.size(); i < n; i++) {
            if (!Float.isFinite(d[i])) {
                return i;
            }
        }
        return -1;
    }

    private static String shapes(Tensor[] inputs) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < inputs.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(inputs[i].shape());
        }
        return sb.append(']').toString();
    }

    /**
     * The first stack frame outside this library's own classes and the JDK's, as
     * "Class.method(File:line)". A library class is one of this package (or below) loaded from
     * the library's own jar or folder: both tests, so that user code in a package of the
     * same name, or packed into the same fat jar, still counts as user code.
     */
    static String userSite() {
        return WALKER.walk(frames -> frames
                .filter(f -> !isLibrary(f.getDeclaringClass()))
                .findFirst()
                .map(f -> f.toStackTraceElement().toString())
                .orElse("(no caller outside the library)"));
    }

    private static boolean isLibrary(Class<?> c) {
        String name = c.getName();
        if (name.startsWith("java.") || name.startsWith("jdk.") || name.startsWith("sun.")) {
            return true;
        }
        return name.startsWith(LIBRARY_PACKAGE)
                && Objects.equals(c.getProtectionDomain().getCodeSource(), LIBRARY);
    }
}
