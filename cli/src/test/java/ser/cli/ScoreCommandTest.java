package ser.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.score.ScoreConfig;
import ser.testing.TestData;

/** ser score on a folder of good and bad files, with a small model trained here. */
class ScoreCommandTest {
    @TempDir
    static Path shared;
    static Path model;
    static Path inputs;

    @BeforeAll
    static void trainModelAndMakeInputs() throws IOException {
        Path corpus = shared.resolve("corpus");
        CliRun.of("synth", "--out", corpus.toString(), "--speakers", "5", "--clips-per-emotion", "1", "--seed", "5");
        model = shared.resolve("model");
        CliRun train = CliRun.of("train", "--data", corpus.toString(), "--out", model.toString(), "--epochs", "1");
        assertEquals(ExitCodes.OK, train.exitCode(), train.err());

        inputs = shared.resolve("inputs");
        Files.createDirectories(inputs);
        Files.copy(TestData.resource("clips/03a01Wa.wav"), inputs.resolve("good1.wav"));
        Files.copy(TestData.resource("clips/YAF_back_angry.flac"), inputs.resolve("good2.flac"));
        Files.copy(corpus.resolve("1001_IEO_ANG_XX.wav"), inputs.resolve("good3.wav"));
        Files.createFile(inputs.resolve("empty.wav"));
        byte[] noise = new byte[5000];
        new Random(1).nextBytes(noise);
        Files.write(inputs.resolve("random.wav"), noise);
        Files.writeString(inputs.resolve("notes.wav"), "text, not audio\n");
        byte[] wav = Files.readAllBytes(inputs.resolve("good1.wav"));
        Files.write(inputs.resolve("truncated.wav"), java.util.Arrays.copyOf(wav, 3000));
    }

    private static Map<String, JsonNode> rows(Path results) throws IOException {
        Map<String, JsonNode> rows = new HashMap<>();
        for (String line : Files.readAllLines(results, StandardCharsets.UTF_8)) {
            JsonNode row = RowSchema.valid(Json.MAPPER.readTree(line));
            JsonNode previous = rows.put(Path.of(row.get("path").asText()).getFileName().toString(), row);
            assertNull(previous, "one row per file: " + line);
        }
        return rows;
    }

    @Test
    void goodFilesAreScoredAndBadFilesAreErrorRows(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("r.jsonl");
        CliRun run = CliRun.of("score", "--model", model.toString(), "--out", out.toString(), inputs.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        Map<String, JsonNode> rows = rows(out);
        assertEquals(7, rows.size());
        for (String good : List.of("good1.wav", "good2.flac", "good3.wav")) {
            JsonNode row = rows.get(good);
            assertTrue(row.get("error").isNull(), row.toString());
            assertEquals(6, row.get("scores").size());
            double sum = 0;
            for (JsonNode s : row.get("scores")) {
                sum += s.asDouble();
            }
            assertEquals(1.0, sum, 6 * 0.5e-4, "six scores rounded to 4 decimals");
            assertEquals("region", row.get("decision").asText(), "a clip of one window is decided over its regions");
            double confidence = row.get("confidence").asDouble();
            assertEquals(Math.round(confidence * 1e4) / 1e4, confidence, 0, "4 decimals");
            assertEquals(row.get("scores").get(row.get("emotion").asText()).asDouble(), row.get("confidence").asDouble(), 1e-9);
            assertTrue(row.get("regions").size() >= 1);
            assertTrue(row.get("model").asText().startsWith("model-rcnn_blstm"));
        }
        assertEquals("empty file (0 bytes)", rows.get("empty.wav").get("error").asText());
        assertEquals("not a recognised audio or media format", rows.get("random.wav").get("error").asText());
        assertEquals("not a recognised audio or media format", rows.get("notes.wav").get("error").asText());
        assertTrue(rows.get("truncated.wav").get("error").asText().startsWith("truncated"));
        assertTrue(run.err().contains("scored 3 files, 4 failed"), run.err());
        assertFalse(java.util.regex.Pattern.compile("[:,\\[]-?[0-9]+(\\.[0-9]+)?[eE]").matcher(Files.readString(out)).find(),
                "no number with an exponent: " + Files.readString(out));
    }

    @Test
    void devicesPipesAndDescriptorLinksAreStreamsAndRegularFilesAreResults(@TempDir Path dir) throws Exception {
        assertTrue(ScoreCommand.isStream(Path.of("/dev/null")), "a character device");
        assertTrue(ScoreCommand.isStream(Path.of("/dev/stdout")), "a descriptor's link, wherever it points");
        Path fifo = dir.resolve("p.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        assertTrue(ScoreCommand.isStream(fifo));
        assertFalse(ScoreCommand.isStream(Files.writeString(dir.resolve("r.jsonl"), "")), "a regular file");
        assertFalse(ScoreCommand.isStream(dir.resolve("missing.jsonl")), "a file to create");
        assertFalse(ScoreCommand.isStream(dir), "a folder (refused elsewhere)");
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            Path inShm = Files.createTempFile(shm, "ser-", ".jsonl");
            try {
                assertFalse(ScoreCommand.isStream(inShm), "a regular file under /dev is a results file");
            } finally {
                Files.delete(inShm);
            }
        }
    }

    @Test
    void rowsToANamedPipeStreamWithNoSidecarOrLockBesideIt(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("rows.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        var received = new java.util.concurrent.atomic.AtomicReference<String>();
        Thread reader = new Thread(() -> {
            try {
                received.set(Files.readString(fifo));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        reader.start();
        CliRun run = CliRun.of("score", "--model", model.toString(), "--out", fifo.toString(), inputs.resolve("good1.wav").toString(),
                inputs.resolve("empty.wav").toString());
        reader.join(60_000);
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        List<String> lines = received.get().lines().toList();
        assertEquals(2, lines.size(), received.get());
        for (String line : lines) {
            RowSchema.valid(Json.MAPPER.readTree(line));
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(fifo), files.toList(), "only the pipe itself");
        }
        CliRun resumed = CliRun.of("score", "--model", model.toString(), "--out", fifo.toString(), "--resume",
                inputs.resolve("good1.wav").toString());
        assertEquals(ExitCodes.USAGE, resumed.exitCode());
        assertTrue(resumed.err().contains("cannot be resumed"), resumed.err());
        CliRun toFolder = CliRun.of("score", "--model", model.toString(), "--out", dir.toString(), inputs.resolve("good1.wav").toString());
        assertEquals(ExitCodes.USAGE, toFolder.exitCode());
        assertTrue(toFolder.err().contains("is a folder"), toFolder.err());
    }

    @Test
    void resumeAfterACrashDropsThePartialLineAndScoresOnlyWhatIsMissing(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("r.jsonl");
        assertEquals(ExitCodes.OK, CliRun.of("score", "--model", model.toString(), "--out", out.toString(),
                inputs.toString()).exitCode());
        List<String> complete = Files.readAllLines(out, StandardCharsets.UTF_8);
        // What a kill -9 leaves: three complete rows and half of the fourth.
        List<String> kept = new ArrayList<>(complete.subList(0, 3));
        String partial = complete.get(3).substring(0, complete.get(3).length() / 2);
        Files.writeString(out, String.join("\n", kept) + "\n" + partial, StandardCharsets.UTF_8);

        CliRun refused = CliRun.of("score", "--model", model.toString(), "--out", out.toString(), inputs.toString());
        assertEquals(ExitCodes.CANNOT_WRITE, refused.exitCode(), "existing results are never overwritten");

        CliRun resumed = CliRun.of("score", "--model", model.toString(), "--out", out.toString(), "--resume",
                inputs.toString());
        assertEquals(ExitCodes.OK, resumed.exitCode(), resumed.err());
        assertTrue(resumed.err().contains("(3 already done)"), resumed.err());
        assertEquals(7, rows(out).size());
    }

    @Test
    void aRunKilledWithSigkillAndResumedHasExactlyOneRowPerFile(@TempDir Path dir) throws Exception {
        Path many = dir.resolve("many");
        Files.createDirectories(many);
        for (int i = 0; i < 150; i++) {
            Files.copy(inputs.resolve(i % 5 == 0 ? "notes.wav" : "good1.wav"), many.resolve(String.format("clip%03d.wav", i)));
        }
        Path out = dir.resolve("r.jsonl");
        Process process = CliRun.process(null, dir.resolve("log.txt"), List.of("score", "--model", model.toString(),
                "--out", out.toString(), "--workers", "1", many.toString()));
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline && (!Files.exists(out) || Files.readAllLines(out).size() < 20)) {
            Thread.sleep(50);
        }
        process.destroyForcibly().waitFor(); // SIGKILL: no shutdown hooks, no flush
        int before = Files.readAllLines(out).size();
        assertTrue(before >= 20 && before < 150, "killed mid-run after " + before + " rows");

        CliRun resumed = CliRun.of("score", "--model", model.toString(), "--out", out.toString(), "--resume", many.toString());
        assertEquals(ExitCodes.OK, resumed.exitCode(), resumed.err());
        Map<String, JsonNode> rows = rows(out);
        assertEquals(150, rows.size());
        assertEquals(30, rows.values().stream().filter(r -> !r.get("error").isNull()).count());
    }

    @Test
    void anHourLongRecordingIsScoredInAHeapTooSmallToHoldIt(@TempDir Path dir) throws Exception {
        Path hour = dir.resolve("hour.wav");
        TestData.writeLongU8Wav(hour, 8_000, 3600); // 230 MB as 16 kHz floats: more than the whole heap below
        Path out = dir.resolve("r.jsonl");
        Process process = CliRun.process("128m", dir.resolve("log.txt"), List.of("score", "--model", model.toString(),
                "--out", out.toString(), "--workers", "1", hour.toString()));
        assertEquals(ExitCodes.OK, process.waitFor(), Files.readString(dir.resolve("log.txt")));
        JsonNode row = Json.MAPPER.readTree(Files.readAllLines(out).get(0));
        assertTrue(row.get("error").isNull(), row::toString);
        assertEquals(3600.0, row.get("duration_s").asDouble(), 0.01);
        JsonNode timeline = row.get("regions");
        assertEquals(2399, timeline.size(), "3 s windows every 1.5 s over the hour");
        assertEquals(3597.0, timeline.get(timeline.size() - 1).get("start_s").asDouble(), 0.01, "the last window ends the hour");
    }

    @Test
    void shardsPartitionTheInputs(@TempDir Path dir) throws IOException {
        int total = 0;
        for (int k = 0; k < 3; k++) {
            Path out = dir.resolve("part" + k + ".jsonl");
            int code = CliRun.of("score", "--model", model.toString(), "--out", out.toString(), "--shard", k + "/3",
                    inputs.toString()).exitCode();
            var rows = Files.exists(out) ? rows(out) : Map.<String, JsonNode>of();
            boolean anyScored = rows.values().stream().anyMatch(r -> r.get("error").isNull());
            assertEquals(anyScored || rows.isEmpty() ? ExitCodes.OK : ExitCodes.NOTHING_SCORED, code, "shard " + k);
            total += rows.size();
        }
        assertEquals(7, total, "every file in exactly one shard");
    }

    @Test
    void listsAndCsvOutputWork(@TempDir Path dir) throws IOException {
        Path list = Files.writeString(dir.resolve("list.txt"), inputs.resolve("good1.wav") + "\n\n"
                + inputs.resolve("empty.wav") + "\n");
        Path out = dir.resolve("r.csv");
        CliRun run = CliRun.of("score", "--model", model.toString(), "--out", out.toString(), "--format", "csv", "@" + list);
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(3, lines.size());
        assertEquals("path,duration_s,emotion,confidence,score_angry,score_disgust,score_fear,score_happy,score_neutral,"
                + "score_sad,regions,decision,model,schema,error", lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.endsWith(",\"empty file (0 bytes)\"") || l.endsWith(",empty file (0 bytes)")),
                String.join("\n", lines));
        Files.writeString(out, String.join("\n", lines.subList(0, 2)) + "\n" + lines.get(2).substring(0, 10));
        CliRun resumed = CliRun.of("score", "--model", model.toString(), "--out", out.toString(), "--format", "csv",
                "--resume", "@" + list);
        assertEquals(ExitCodes.OK, resumed.exitCode(), resumed.err());
        assertTrue(resumed.err().contains("(1 already done)"), resumed.err());
        assertEquals(lines, Files.readAllLines(out), "the CSV header once, each file once");
    }

    @Test
    void archiveMembersAreScoredAsStreamsAndNamedInsideTheArchive(@TempDir Path dir) throws IOException {
        Path zip = dir.resolve("calls.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            for (String name : new String[] {"inner/good1.wav", "inner/deeper/good2.flac", "bad/empty.wav", "bad/notes.wav"}) {
                out.putNextEntry(new java.util.zip.ZipEntry(name));
                Path source = inputs.resolve(Path.of(name).getFileName().toString());
                out.write(Files.readAllBytes(source));
                out.closeEntry();
            }
        }
        Path tgz = dir.resolve("more.tar.gz");
        try (var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                new org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream(Files.newOutputStream(tgz)))) {
            byte[] bytes = Files.readAllBytes(inputs.resolve("good3.wav"));
            var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("x/good3.wav");
            entry.setSize(bytes.length);
            out.putArchiveEntry(entry);
            out.write(bytes);
            out.closeArchiveEntry();
        }
        Path out = dir.resolve("r.jsonl");
        CliRun run = CliRun.of("score", "--model", model.toString(), "--out", out.toString(), zip.toString(), tgz.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        Map<String, JsonNode> byPath = new HashMap<>();
        for (String line : Files.readAllLines(out)) {
            JsonNode row = Json.MAPPER.readTree(line);
            byPath.put(row.get("path").asText(), row);
        }
        assertEquals(5, byPath.size());
        assertTrue(byPath.get(zip + "!/inner/good1.wav").get("error").isNull(), () -> byPath.toString());
        assertTrue(byPath.get(zip + "!/inner/deeper/good2.flac").get("error").isNull(), () -> byPath.toString());
        assertTrue(byPath.get(tgz + "!/x/good3.wav").get("error").isNull(), () -> byPath.toString());
        assertEquals("empty file (0 bytes)", byPath.get(zip + "!/bad/empty.wav").get("error").asText());
        assertEquals("not a recognised audio or media format", byPath.get(zip + "!/bad/notes.wav").get("error").asText());
        JsonNode member = byPath.get(zip + "!/inner/good1.wav").get("scores");
        JsonNode onDisk = rowFor(inputs.resolve("good1.wav")).get("scores");
        // batches mix files, so only the rounding of the batched matrix products may differ
        onDisk.fieldNames().forEachRemaining(label -> assertEquals(onDisk.get(label).asDouble(), member.get(label).asDouble(), 1e-5,
                "a member scores as the same file on disk: " + label));
    }

    private static JsonNode rowFor(Path file) throws IOException {
        Path out = Files.createTempFile("single", ".jsonl");
        Files.delete(out);
        CliRun.of("score", "--model", model.toString(), "--out", out.toString(), file.toString());
        return Json.MAPPER.readTree(Files.readAllLines(out).get(0));
    }

    /** {@code ser stream} of raw 16-bit PCM at {@code rate} given on standard input. */
    private static CliRun streamFromStdin(byte[] pcm, int rate) {
        var stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream(pcm));
            return CliRun.of("stream", "--model", model.toString(), "--sample-rate", Integer.toString(rate));
        } finally {
            System.setIn(stdin);
        }
    }

    /** Once a live test tone has held long enough to be known for one (1.5 s, in the 3 s window), it gets no emotion. */
    @Test
    void streamGivesNoEmotionOnceATestToneHasHeldForItsLength() throws IOException {
        java.nio.ByteBuffer pcm = java.nio.ByteBuffer.allocate(2 * 4 * 16_000).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 4 * 16_000; i++) {
            pcm.putShort((short) Math.round(0.3 * 32767 * Math.sin(2 * Math.PI * 440 * i / 16_000.0)));
        }
        CliRun run = streamFromStdin(pcm.array(), 16_000);
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        int late = 0;
        for (String line : run.out().split("\n")) {
            JsonNode answer = Json.MAPPER.readTree(line);
            if (answer.get("time_s").asDouble() >= 2.0) {
                assertTrue(answer.get("emotion").isNull(), "a tone held " + answer.get("time_s") + " s: " + answer);
                late++;
            }
        }
        assertEquals(5, late, "answers at 2.0, 2.5, ... 4.0 s");
    }

    @Test
    void streamAnswersEveryHopFromRawPcmAtAnyRate() throws IOException {
        float[] speech = ser.audio.AudioDecoder.decode(inputs.resolve("good1.wav")).samples();
        for (int rate : new int[] {16_000, 8_000}) {
            int n = (int) ((long) speech.length * rate / 16_000);
            java.nio.ByteBuffer pcm = java.nio.ByteBuffer.allocate(2 * (rate + n)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < rate; i++) {
                pcm.putShort((short) 0); // one second of silence first
            }
            for (int i = 0; i < n; i++) {
                pcm.putShort((short) Math.round(32767 * speech[(int) ((long) i * 16_000 / rate)]));
            }
            CliRun run = streamFromStdin(pcm.array(), rate);
            assertEquals(ExitCodes.OK, run.exitCode(), run.err());
            List<JsonNode> lines = new ArrayList<>();
            for (String line : run.out().split("\n")) {
                lines.add(Json.MAPPER.readTree(line));
            }
            double seconds = 1 + speech.length / 16_000.0;
            assertEquals((int) Math.floor(seconds / 0.5), lines.size(), "one answer per 0.5 s at " + rate + " Hz");
            assertEquals(0.5, lines.get(0).get("time_s").asDouble(), 1e-9);
            for (JsonNode line : lines) { // rounded as score rows are
                if (!line.get("confidence").isNull()) {
                    assertEquals(Math.round(line.get("confidence").asDouble() * 1e4) / 1e4, line.get("confidence").asDouble(), 0);
                    line.get("scores").forEach(s -> assertEquals(Math.round(s.asDouble() * 1e4) / 1e4, s.asDouble(), 0));
                }
                assertEquals(Math.round(line.get("time_s").asDouble() * 1e3) / 1e3, line.get("time_s").asDouble(), 0);
                assertEquals(Math.round(line.get("latency_ms").asDouble() * 100) / 100.0, line.get("latency_ms").asDouble(), 0);
            }
            assertTrue(lines.get(0).get("emotion").isNull(), "silence has no emotion: " + lines.get(0));
            JsonNode last = lines.get(lines.size() - 1);
            assertTrue(!last.get("emotion").isNull() && last.get("scores").size() == 6, last.toString());
            assertTrue(run.err().contains("latency per hop: median"), run.err());
        }
    }

    @Test
    void streamDecodesANamedPipeAndSaysWhyAUrlCannotBeOpened(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("live.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        byte[] flac = Files.readAllBytes(inputs.resolve("good2.flac"));
        Thread writer = new Thread(() -> {
            try (var out = Files.newOutputStream(fifo)) {
                out.write(flac);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        CliRun run = CliRun.of("stream", "--model", model.toString(), "--input", fifo.toString());
        writer.join();
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        double seconds = ser.audio.AudioDecoder.decode(inputs.resolve("good2.flac")).durationS();
        assertEquals((int) Math.floor(seconds / 0.5), run.out().split("\n").length, run.out());

        CliRun refused = CliRun.of("stream", "--model", model.toString(), "--input", "http://127.0.0.1:9/live.wav");
        assertEquals(ExitCodes.BAD_INPUT, refused.exitCode());
        assertTrue(refused.err().contains("http://127.0.0.1:9/live.wav: cannot open"), refused.err());
    }

    @Test
    void demoScoresTheExampleFolderAndPrintsATable(@TempDir Path dir) throws IOException {
        CliRun run = CliRun.of("demo", "--model", model.toString(), "--examples", inputs.toString(), "--out", dir.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertTrue(run.out().contains("good1.wav"), run.out());
        assertTrue(run.out().contains("empty.wav                    error: empty file (0 bytes)"), run.out());
        List<String> rows = Files.readAllLines(dir.resolve("results.jsonl"));
        assertEquals(7, rows.size());
        for (String row : rows) {
            RowSchema.valid(Json.MAPPER.readTree(row));
        }
        CliRun again = CliRun.of("demo", "--model", model.toString(), "--examples", inputs.toString(), "--out", dir.toString());
        assertEquals(ExitCodes.OK, again.exitCode(), "a demo can run twice: " + again.err());
    }

    @Test
    void theShippedDemoScoresItsSixClipsAndNothingElse(@TempDir Path dir) throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Files.createDirectories(root.resolve("examples/embed/target")); // as examples/embed/run.sh leaves it
        CliRun run = CliRun.of("demo", "--model", root.resolve("models/default").toString(),
                "--examples", root.resolve("examples").toString(), "--out", dir.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        List<String> rows = Files.readAllLines(dir.resolve("results.jsonl"));
        assertEquals(6, rows.size(), "the clips, not the embedding example beside them: " + rows);
        assertTrue(rows.stream().allMatch(r -> r.contains("\"error\":null")), String.join("\n", rows));
        for (String row : rows) {
            RowSchema.valid(Json.MAPPER.readTree(row));
        }
    }

    @Test
    void missingModelStopsTheRunWithAReason(@TempDir Path dir) {
        CliRun run = CliRun.of("score", "--model", dir.resolve("nothing").toString(), "--out",
                dir.resolve("r.jsonl").toString(), inputs.toString());
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertTrue(run.err().contains("no usable model"), run.err());
    }

    @Test
    void onCudaTheSplitAndBatchAreTheDevicesUnlessTheCommandLineSetThem() {
        ScoreConfig given = ScoreConfig.DEFAULT.withWindow(4.0, 2.0).withThreads(3, 7, 5);
        ScoreConfig none = ScoreCommand.onCuda(given, option -> false);
        assertEquals(ScoreConfig.CUDA_DEFAULT.workers(), none.workers());
        assertEquals(2, none.inferenceThreads());
        assertEquals(64, none.batch());
        ScoreConfig batchGiven = ScoreCommand.onCuda(given, option -> option.equals("--batch"));
        assertEquals(5, batchGiven.batch(), "--batch 5 on the command line stays");
        assertEquals(2, batchGiven.inferenceThreads());
        assertEquals(4.0, batchGiven.windowS());
        assertEquals(2.0, batchGiven.hopS());
    }

    @Test
    void cudaRequestedWithoutADeviceKeepsTheCpuSplit(@TempDir Path dir) throws IOException {
        Path clip = TestData.writeRepeatedSyntheticWav(dir.resolve("clip.wav"), 1);
        Path rows = dir.resolve("rows.jsonl");
        CliRun run = CliRun.of("score", "--model", model.toString(), "--device", "cuda", "--out", rows.toString(), clip.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertTrue(run.err().contains("CUDA requested, using the CPU"), run.err());
        JsonNode sidecar = Json.MAPPER.readTree(dir.resolve("rows.jsonl.config.json").toFile());
        JsonNode saved = sidecar.get("score");
        assertEquals(ScoreConfig.DEFAULT.batch(), saved.get("batch").asInt());
        assertEquals(ScoreConfig.DEFAULT.workers(), saved.get("workers").asInt());
        assertEquals("cuda", saved.get("device").asText(), "what was asked");
        assertEquals(3.0, saved.get("window_s").asDouble(), "the model's input, settled before it is saved");
        assertEquals("cpu", sidecar.get("device_used").asText(), "what ran");
    }
}
