package dev.nabla.core.kernels;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses, once at class load, which implementation of {@link SimdKernels} Nabla's kernels
 * use (the pattern of Apache Lucene's vectorisation provider).
 *
 * <p>The Vector API implementation ({@code dev.nabla.core.kernels.vector}, the only package
 * that imports {@code jdk.incubator.vector}) is loaded reflectively when the JVM was started
 * with {@code --add-modules jdk.incubator.vector} and the system property {@code nabla.simd}
 * is not {@code false}; otherwise the scalar implementation is used. When the module is
 * absent, one info-level message says how to turn SIMD on; the active implementation is
 * logged once at debug level.
 */
public final class Simd {

    /** The module that holds the Vector API. */
    static final String MODULE = "jdk.incubator.vector";
    private static final String VECTOR_CLASS = "dev.nabla.core.kernels.vector.VectorKernels";
    private static final Logger LOG = LoggerFactory.getLogger(Simd.class);
    private static final SimdKernels SCALAR = new ScalarKernels();
    private static final SimdKernels ACTIVE = select();

    private Simd() {
    }

    /**
     * The implementation chosen at class load.
     *
     * @return the active kernels
     */
    public static SimdKernels kernels() {
        return ACTIVE;
    }

    /**
     * The scalar implementation, whatever is active (for comparisons and tests).
     *
     * @return the scalar kernels
     */
    public static SimdKernels scalar() {
        return SCALAR;
    }

    /**
     * Whether the active implementation is the Vector API one.
     *
     * @return true if SIMD kernels are in use
     */
    public static boolean enabled() {
        return ACTIVE != SCALAR;
    }

    private static SimdKernels select() {
        boolean present = ModuleLayer.boot().findModule(MODULE).isPresent();
        if (!present) {
            LOG.info("Nabla runs its kernels without SIMD: module {} is not present. Start the JVM with"
                    + " --add-modules {} to turn SIMD on.", MODULE, MODULE);
            return SCALAR;
        }
        if ("false".equalsIgnoreCase(System.getProperty("nabla.simd", "").trim())) {
            LOG.debug("Nabla kernels: scalar (SIMD turned off by -Dnabla.simd=false)");
            return SCALAR;
        }
        SimdKernels vector = loadVector();
        if (vector == null) {
            return SCALAR;
        }
        LOG.debug("Nabla kernels: {}", vector.name());
        return vector;
    }

    /**
     * Loads the Vector API implementation if its module is present, ignoring {@code nabla.simd}.
     *
     * @return a new instance, or null if the module is absent or the class fails to load
     *     (logged at warn level: the scalar path is used instead)
     */
    static SimdKernels loadVector() {
        if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            return null;
        }
        try {
            return (SimdKernels) Class.forName(VECTOR_CLASS).getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            LOG.warn("Nabla could not load its Vector API kernels ({}); using the scalar ones", e.toString());
            return null;
        }
    }
}
