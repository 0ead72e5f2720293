package ser.kernels;

/**
 * Whether a CUDA device can be used from this process, and why not when it cannot.
 *
 * @param runtimeVersion CUDA runtime version as CUDA encodes it (13010 = 13.1), 0 when not loaded
 * @param driverVersion  highest CUDA version the installed driver supports, 0 when there is none
 */
public record CudaStatus(boolean available, int deviceCount, int runtimeVersion, int driverVersion, String detail) {

    /** Asks the CUDA runtime once per process; never throws, so callers can fall back to the CPU path. */
    public static CudaStatus query() {
        return Holder.STATUS;
    }

    private static final class Holder {
        static final CudaStatus STATUS = probe();

        private static CudaStatus probe() {
            try {
                return CudaRuntimeProbe.query();
            } catch (LinkageError e) {
                return new CudaStatus(false, 0, 0, 0,
                        "the CUDA runtime does not load (" + firstLine(e) + ")");
            }
        }
    }

    /** A one-line human summary. */
    public String summary() {
        if (available) {
            return deviceCount + " device(s), runtime " + version(runtimeVersion) + ", driver " + version(driverVersion);
        }
        return "not available: " + detail;
    }

    static String version(int v) {
        return v == 0 ? "none" : (v / 1000) + "." + (v % 1000) / 10;
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        String first = newline < 0 ? message : message.substring(0, newline);
        int searchPath = first.indexOf(" in java.library.path");
        return e.getClass().getSimpleName() + ": " + (searchPath < 0 ? first : first.substring(0, searchPath));
    }
}
