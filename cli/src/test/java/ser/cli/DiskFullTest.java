package ser.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.testing.TestData;

/** ser score on a file system that fills up: exit 4, every complete row kept, and --resume finishes once there is room. */
class DiskFullTest {
    private static int run(String... command) throws IOException, InterruptedException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    @Test
    void aFullDiskStopsTheRunWithExitFourAndResumeCompletesItOnceThereIsRoom(@TempDir Path dir) throws Exception {
        Path mount = Files.createDirectories(dir.resolve("small"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=48k", "tmpfs", mount.toString()) == 0,
                "mounting a small tmpfs needs root (CAP_SYS_ADMIN); this machine refused");
        try {
            Path model = dir.resolve("model");
            TestData.saveUntrainedModel(model, "untrained", 5);
            Path calls = Files.createDirectories(dir.resolve("calls"));
            for (int i = 0; i < 200; i++) {
                Files.copy(TestData.resource("clips/03a01Wa.wav"), calls.resolve(String.format("c%03d.wav", i)));
            }
            Path out = mount.resolve("r.jsonl");
            CliRun full = CliRun.of("score", "--model", model.toString(), "--out", out.toString(), calls.toString());
            assertEquals(ExitCodes.CANNOT_WRITE, full.exitCode(), full.err());
            assertTrue(full.err().contains("No space left on device"), full.err());
            int kept = Files.readAllLines(out, StandardCharsets.UTF_8).size();
            assertTrue(kept > 0 && kept < 200, kept + " rows fit");

            assertEquals(0, run("mount", "-o", "remount,size=4m", mount.toString()), "making room");
            CliRun resumed = CliRun.of("score", "--model", model.toString(), "--out", out.toString(), "--resume", calls.toString());
            assertEquals(ExitCodes.OK, resumed.exitCode(), resumed.err());
            Set<String> paths = new HashSet<>();
            for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                JsonNode row = RowSchema.valid(Json.MAPPER.readTree(line));
                assertTrue(paths.add(row.get("path").asText()), "one row per file: " + row.get("path"));
                assertTrue(row.get("error").isNull(), row.toString());
            }
            assertEquals(200, paths.size());
        } finally {
            run("umount", mount.toString());
        }
    }
}
