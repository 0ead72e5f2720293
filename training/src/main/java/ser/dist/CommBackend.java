package ser.dist;

/**
 * Which c10d backend carries a job's gradients. NCCL needs CUDA tensors and a build that carries it;
 * where either is missing, Gloo (which also takes CUDA tensors, through the host) runs instead, and
 * {@link #notice} says why in one line.
 */
public enum CommBackend {
    GLOO, NCCL;

    /** The choice for a request (auto, gloo, nccl), with the notice to print when it is not what was asked. */
    public record Choice(CommBackend backend, String notice) {
    }

    /**
     * @param onCuda      whether this rank's tensors live on a CUDA device
     * @param ncclMissing why this build cannot run NCCL, or null when it can
     */
    public static Choice choose(String requested, boolean onCuda, String ncclMissing) {
        switch (requested) {
            case "gloo" -> {
                return new Choice(GLOO, null);
            }
            case "auto" -> {
                return new Choice(onCuda && ncclMissing == null ? NCCL : GLOO, null);
            }
            case "nccl" -> {
                if (!onCuda) {
                    return new Choice(GLOO, "backend: NCCL takes CUDA tensors and this rank trains on the CPU; using Gloo");
                }
                return ncclMissing == null ? new Choice(NCCL, null)
                        : new Choice(GLOO, "backend: NCCL unavailable (" + ncclMissing + "); using Gloo with the same CUDA tensors");
            }
            default -> throw new IllegalArgumentException("backend must be auto, gloo or nccl, not " + requested);
        }
    }

    /** The same backend in c10d's terms. */
    org.bytedeco.pytorch.ProcessGroup.BackendType c10dType() {
        return this == NCCL ? org.bytedeco.pytorch.ProcessGroup.BackendType.NCCL
                : org.bytedeco.pytorch.ProcessGroup.BackendType.GLOO;
    }

    public String lowerCase() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
