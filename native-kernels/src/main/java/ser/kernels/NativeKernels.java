package ser.kernels;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** What this build carries of the custom CUDA kernels, and whether this process can run them. */
public final class NativeKernels {
    static final String BUILD_INFO = "ser_kernels.properties";

    private NativeKernels() {
    }

    /** The targets the kernels were compiled for, or null when the build had no nvcc. */
    public static String compiledFor() {
        if (CudaDriver.fatbin() == null) {
            return null;
        }
        Properties build = new Properties();
        try (InputStream in = NativeKernels.class.getResourceAsStream(BUILD_INFO)) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return build.getProperty("targets", "unknown targets") + " by " + build.getProperty("nvcc", "nvcc");
    }

    /** {@code null} when the kernels load on {@code device}; otherwise why the CPU twins run instead. */
    public static String unavailableReason(int device) {
        if (compiledFor() == null) {
            return "not compiled (the build found no nvcc)";
        }
        CudaStatus cuda = CudaStatus.query();
        if (!cuda.available()) {
            return "no usable CUDA device: " + cuda.detail();
        }
        try {
            CudaDriver.on(device);
            return null;
        } catch (KernelException e) {
            return e.getMessage();
        }
    }

    /** One line for {@code ser info}. */
    public static String summary() {
        String targets = compiledFor();
        String reason = unavailableReason(0);
        if (targets == null) {
            return reason + "; CPU twins are used";
        }
        return "compiled for " + targets + (reason == null ? "; loaded on CUDA device 0" : "; CPU twins are used (" + reason + ")");
    }
}
