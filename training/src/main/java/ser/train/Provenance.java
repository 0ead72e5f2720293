package ser.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import ser.data.Clip;
import ser.io.Hashes;
import ser.runtime.LibTorch;

/**
 * Where a model came from: a hash of the data it saw (every clip's path, label, speaker and size,
 * in order), the seed, the source revision and the library versions.
 */
public record Provenance(String dataManifestSha256, int clips, long seed, String gitRevision, String libtorch,
                         String ffmpeg, String java, String created) {

    public static Provenance of(List<Clip> clips, long seed) {
        return new Provenance(manifestHash(clips), clips.size(), seed, currentGitRevision(), LibTorch.version(),
                org.bytedeco.ffmpeg.global.avutil.av_version_info().getString(), Runtime.version().toString(),
                Instant.now().toString());
    }

    static String manifestHash(List<Clip> clips) {
        try {
            MessageDigest sha = Hashes.sha256();
            for (Clip c : clips) {
                long size = Files.isRegularFile(c.path()) ? Files.size(c.path()) : -1;
                String line = c.path().getFileName() + "," + c.label() + "," + c.speaker() + "," + size + "\n";
                sha.update(line.getBytes(StandardCharsets.UTF_8));
            }
            return Hashes.hex(sha);
        } catch (IOException e) {
            throw new IllegalStateException("cannot hash the data manifest", e);
        }
    }

    /** {@code git rev-parse HEAD} of the working directory, with "+dirty" for uncommitted changes; "unknown" outside git. */
    public static String currentGitRevision() {
        try {
            String head = run("git", "rev-parse", "HEAD");
            String status = run("git", "status", "--porcelain", "--untracked-files=no");
            return head.isEmpty() ? "unknown" : head + (status.isEmpty() ? "" : "+dirty");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "";
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
