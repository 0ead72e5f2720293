package ser.score;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * One of {@code count} disjoint parts of an input list, chosen by a stable hash (CRC-32) of each
 * path, so machines of a job array split an archive with no coordinator. {@code index} counts from
 * 0, as Kubernetes' JOB_COMPLETION_INDEX and Slurm's {@code --array=0-N} do.
 */
public record Shard(int index, int count) {
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard must be K/N with 0 <= K < N, got " + index + "/" + count);
        }
    }

    /** Parses {@code K/N}. */
    public static Shard parse(String text) {
        String[] parts = text.trim().split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("shard must be K/N, got " + text);
        }
        try {
            return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("shard must be K/N with whole numbers, got " + text);
        }
    }

    public boolean contains(String path) {
        CRC32 crc = new CRC32();
        crc.update(path.getBytes(StandardCharsets.UTF_8));
        return crc.getValue() % count == index;
    }
}
