package ser.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.kernels.CudaStatus;
import ser.kernels.NativeKernels;
import ser.testing.NpyReader;
import ser.testing.TestData;

class CommandsTest {

    @Test
    void infoReportsVersionsAndTheTruthAboutCuda() throws IOException {
        CliRun run = CliRun.of("info", "--json");
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        JsonNode info = Json.MAPPER.readTree(run.out());
        assertTrue(info.get("libtorch").asText().startsWith("2.10.0"), info.toString());
        assertTrue(info.get("ffmpeg").asText().startsWith("8."), info.toString());
        assertEquals(CudaStatus.query().available(), info.get("cuda_available").asBoolean());
        assertEquals(info.get("cuda_available").asBoolean(), info.get("libtorch_cuda").asBoolean(),
                "the CUDA runtime and LibTorch agree on whether a GPU is usable");
        assertEquals(Runtime.getRuntime().availableProcessors(), info.get("cpu_cores").asInt());
        String cuda = info.get("cuda").asText();
        assertFalse(cuda.contains("driver"), "a CPU-only build asks after no driver: " + cuda);
        if (Main.cpuOnlyBuild()) {
            assertTrue(info.get("build").asText().startsWith("CPU-only"), info.toString());
            assertTrue(cuda.startsWith("none in this CPU-only build"), cuda);
        }
        String distributed = info.get("distributed").asText();
        assertTrue(distributed.startsWith("gloo"), distributed);
        if (!info.get("libtorch_cuda").asBoolean()) {
            assertEquals("gloo (nccl unavailable: no CUDA device)", distributed);
        }
        String kernels = info.get("custom_kernels").asText();
        assertEquals(NativeKernels.compiledFor() == null, kernels.startsWith("not compiled"), kernels);
        assertEquals(NativeKernels.unavailableReason(0) == null, kernels.endsWith("loaded on CUDA device 0"), kernels);
    }

    @Test
    void featuresWritesTheNpyAndItsConfiguration(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("angry.npy");
        CliRun run = CliRun.of("features", TestData.resource("clips/YAF_back_angry.flac").toString(), "--out",
                out.toString(), "--n-mels", "40");
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        NpyReader npy = NpyReader.read(out);
        assertEquals(40, npy.shape()[1]);
        assertTrue(npy.shape()[0] > 100, "frames: " + npy.shape()[0]);
        JsonNode sidecar = Json.MAPPER.readTree(dir.resolve("angry.json").toFile());
        assertEquals(40, sidecar.get("log_mel").get("n_mels").asInt());
        assertEquals("SLANEY", sidecar.get("log_mel").get("mel_scale").asText());
        assertArrayEquals(new int[] {npy.shape()[0], 40},
                new int[] {sidecar.get("shape").get(0).asInt(), sidecar.get("shape").get(1).asInt()});
    }

    @Test
    void featuresOfAnUndecodableFileNamesTheFileAndTheReason(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("notes.wav"), "hello");
        CliRun run = CliRun.of("features", bad.toString(), "--out", dir.resolve("x.npy").toString());
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertTrue(run.err().contains(bad + ": not a recognised audio or media format"), run.err());
        assertTrue(Files.notExists(dir.resolve("x.npy")));
    }

    @Test
    void helpPrintsTheDefaultsOfTheConfigurationRecord() {
        CliRun run = CliRun.of("features", "--help");
        assertEquals(ExitCodes.OK, run.exitCode());
        assertTrue(run.out().contains("Mel filters (default: 64)"), run.out());
        assertTrue(run.out().contains("htk, slaney (default: slaney)"), "enum values as users type them: " + run.out());
        assertTrue(run.out().contains("none, utterance, per_bin (default: utterance)"), run.out());
    }

    @Test
    void trainHelpListsTheSettingsOnlyAConfigFileSetsWithTheirDefaults() {
        CliRun run = CliRun.of("train", "--help");
        assertEquals(ExitCodes.OK, run.exitCode());
        for (String line : new String[] {"  speaker_adversary 0.0", "  augmentation.mixup_alpha 0.0",
                "  augmentation.speed_factors [0.9,1.0,1.1]", "  log_mel.fixed_frames 300", "  weight_decay 0.01",
                "  network_size.channels [16,32,64]", "  network_size.lstm_hidden 96", "  network_size.dropout 0.3"}) {
            assertTrue(run.out().lines().anyMatch(line::equals), line + " in " + run.out());
        }
        String footer = run.out().substring(run.out().indexOf("Set by a --config file"));
        for (String flagged : new String[] {"learning_rate", "pretraining", "batch_size", "epochs", "threads", "data", "seed"}) {
            assertTrue(footer.lines().noneMatch(l -> l.startsWith("  " + flagged + " ")), flagged + " has a flag: " + footer);
        }
    }

    @Test
    void synthWritesTheCorpusAndRejectsImpossibleSizes(@TempDir Path dir) throws IOException {
        CliRun run = CliRun.of("synth", "--out", dir.toString(), "--speakers", "2", "--clips-per-emotion", "1", "--seed", "4");
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(12, files.filter(p -> p.toString().endsWith(".wav")).count());
        }
        assertEquals(4, Json.MAPPER.readTree(dir.resolve("synth.json").toFile()).get("seed").asInt());
        CliRun tooMany = CliRun.of("synth", "--out", dir.toString(), "--speakers", "200");
        assertEquals(ExitCodes.USAGE, tooMany.exitCode());
        assertTrue(tooMany.err().contains("speakers must be 1..91"), tooMany.err());
    }

    @Test
    void corpusCountsKeptAndDroppedLabelsPerPart(@TempDir Path dir) throws IOException {
        for (String name : new String[] {"03-01-05-01-01-01-01.wav", "03-01-02-01-01-01-01.wav", "03-01-05-01-01-01-02.wav",
                "03-01-05-01-01-01-03.wav", "1049_DFA_SAD_XX.wav", "recording.wav", "synth.json", "README.md"}) {
            Files.createFile(dir.resolve(name));
        }
        CliRun run = CliRun.of("corpus", dir.toString(), "--json");
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        JsonNode report = Json.MAPPER.readTree(run.out());
        assertEquals(4, report.get("clips").asInt());
        assertEquals(1, report.get("dropped").get("ravdess:calm").asInt());
        assertEquals(1, report.get("unrecognised").asInt(), "recording.wav; synth.json and README.md describe, they are not clips");
        assertEquals(1, report.get("counts").get("crema-d").get("sad").get(1).asInt(), "1049 is a published dev actor");
        int ravdessAngry = 0;
        for (JsonNode n : report.get("counts").get("ravdess").get("angry")) {
            ravdessAngry += n.asInt();
        }
        assertEquals(3, ravdessAngry);

        CliRun withCalm = CliRun.of("corpus", dir.toString(), "--json", "--labels", "angry,calm");
        assertEquals(4, Json.MAPPER.readTree(withCalm.out()).get("clips").asInt());
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliRun run = CliRun.of("probe", "--no-such-option", "x");
        assertEquals(ExitCodes.USAGE, run.exitCode());
    }
}
