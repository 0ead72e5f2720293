package ser.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ser train --nproc-per-node 2: two Gloo ranks on this machine train one model. */
class DistributedTrainCommandTest {
    @Test
    void twoLocalRanksTrainOneModel(@TempDir Path dir) throws IOException {
        Path corpus = dir.resolve("corpus");
        assertEquals(ExitCodes.OK, CliRun.of("synth", "--out", corpus.toString(), "--speakers", "5", "--clips-per-emotion", "2",
                "--seed", "5").exitCode());
        Path model = dir.resolve("model");
        // 36 training clips make no full global batch of 2 × 32: the job trains on the partial one, as one process would.
        // NCCL asked on the CPU: Gloo, said in one line; gradients in DDP's 25 MiB buckets (the first of 1 MiB).
        CliRun run = CliRun.of("train", "--data", corpus.toString(), "--out", model.toString(), "--epochs", "1",
                "--batch-size", "32", "--nproc-per-node", "2", "--backend", "nccl");
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertTrue(run.err().contains("2 ranks on this machine"), run.err());
        assertEquals(1, run.err().lines().filter(l -> l.contains("backend: NCCL takes CUDA tensors and this rank trains on the "
                + "CPU; using Gloo")).count(), run.err());
        assertTrue(run.err().contains("rank 0: gloo: 1 gradient all-reduce of 3.81 MB (2 buckets during backward)"), run.err());
        assertFalse(run.err().contains("autograd kernel was not registered"), "parameters broadcast outside autograd: " + run.err());
        assertTrue(Files.isRegularFile(model.resolve("weights.pt")), "rank 0 wrote the model");
        JsonNode config = Json.MAPPER.readTree(model.resolve("config.json").toFile());
        assertEquals(2, config.get("world_size").asInt());
        assertEquals("gloo", config.get("backend").asText(), "what ran, not the nccl asked for");
        assertEquals(25L << 20, config.get("bucket_bytes").asLong());
        assertEquals(Math.max(1, Runtime.getRuntime().availableProcessors() / 2), config.get("train").get("threads").asInt(),
                "each rank gets its share of the cores");
        JsonNode metrics = Json.MAPPER.readTree(model.resolve("metrics.json").toFile());
        assertEquals(1, metrics.get("history").size(), "one epoch");
        assertEquals(12, metrics.get("clips").get("dev").asInt());
        assertEquals(36, metrics.get("clips").get("train").asInt());
        assertTrue(metrics.get("history").get(0).get("train_loss").asDouble() > 0, "the ranks saw clips");
    }

    @Test
    void aWorldOfOneRankFormsAJobAsALauncherWithOneProcessDoes(@TempDir Path dir) throws IOException {
        Path corpus = dir.resolve("corpus");
        assertEquals(ExitCodes.OK, CliRun.of("synth", "--out", corpus.toString(), "--speakers", "5", "--clips-per-emotion", "1",
                "--seed", "5").exitCode());
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CliRun run = CliRun.of("train", "--data", corpus.toString(), "--out", dir.resolve("model").toString(), "--epochs", "1",
                "--world-size", "1", "--rank", "0", "--master-port", Integer.toString(port), "--bucket-mb", "0");
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertTrue(run.err().contains("rank 0: gloo: 1 gradient all-reduce of 3.81 MB (coalesced after backward)"), run.err());
        assertTrue(run.err().contains("trained with 1 rank\n") || run.err().contains("trained with 1 rank" + System.lineSeparator()),
                run.err());
    }

    @Test
    void aRankThatCannotStartStopsTheOthersWithItsExitCode(@TempDir Path dir) {
        CliRun run = CliRun.of("train", "--data", dir.resolve("missing").toString(), "--out", dir.resolve("m").toString(),
                "--nproc-per-node", "2", "--dist-timeout", "20");
        assertEquals(ExitCodes.FAILED, run.exitCode(), run.err());
        assertTrue(run.err().contains("exited with code"), run.err());
    }
}
