package ser.dist;

import java.util.Map;

/**
 * Where this process sits in a distributed job, as PyTorch launchers describe it: {@code RANK},
 * {@code WORLD_SIZE}, {@code LOCAL_RANK}, {@code LOCAL_WORLD_SIZE}, {@code MASTER_ADDR},
 * {@code MASTER_PORT} (torchrun, Slurm wrappers and the Kubernetes training operators set them).
 *
 * @param localWorldSize the ranks on this machine (1 when the launcher does not say)
 * @param backend auto (NCCL when every rank has a GPU of its own and the build carries NCCL, else Gloo), gloo or nccl
 */
public record DistEnv(int rank, int worldSize, int localRank, int localWorldSize, String masterAddr, int masterPort,
                      String backend) {
    public static final DistEnv SINGLE = new DistEnv(0, 1, 0, 1, "127.0.0.1", 29500, "auto");

    public DistEnv {
        if (worldSize < 1 || rank < 0 || rank >= worldSize) {
            throw new IllegalArgumentException("need 0 <= rank < world size, got rank " + rank + " of " + worldSize);
        }
        if (localRank < 0 || localWorldSize < 1 || localWorldSize > worldSize) {
            throw new IllegalArgumentException("need 0 <= local rank and 1 <= local world size <= world size, got local rank "
                    + localRank + " of " + localWorldSize + " on this machine, world size " + worldSize);
        }
        if (masterPort < 1 || masterPort > 65_535) {
            throw new IllegalArgumentException("master port must be 1-65535, got " + masterPort);
        }
        if (!java.util.List.of("auto", "gloo", "nccl").contains(backend)) {
            throw new IllegalArgumentException("backend must be auto, gloo or nccl, not " + backend);
        }
    }

    /** The job described by the environment; a single process when WORLD_SIZE is absent. */
    public static DistEnv fromEnvironment(Map<String, String> env, String backend) {
        if (!env.containsKey("WORLD_SIZE")) {
            return new DistEnv(0, 1, 0, 1, SINGLE.masterAddr(), SINGLE.masterPort(), backend);
        }
        try {
            return new DistEnv(Integer.parseInt(env.getOrDefault("RANK", "0")), Integer.parseInt(env.get("WORLD_SIZE")),
                    Integer.parseInt(env.getOrDefault("LOCAL_RANK", "0")),
                    Integer.parseInt(env.getOrDefault("LOCAL_WORLD_SIZE", "1")), env.getOrDefault("MASTER_ADDR", "127.0.0.1"),
                    Integer.parseInt(env.getOrDefault("MASTER_PORT", "29500")), backend);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE and MASTER_PORT must be whole numbers: " + e.getMessage());
        }
    }

    public boolean distributed() {
        return worldSize > 1;
    }

    public boolean leader() {
        return rank == 0;
    }
}
