package ser.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ser.audio.AudioDecoder;
import ser.audio.WavEncoder;
import ser.score.ResultsFile;
import ser.testing.TestData;

/**
 * The contract of a batch, from the command line: a failing input of any kind is a row and the run
 * goes on; resume knows a file by its canonical path and refuses to mix models; one writer at a time.
 */
class BatchContractTest {
    @TempDir
    static Path shared;
    static Path model;
    static Path otherModel;
    static Path good;

    @BeforeAll
    static void models() throws IOException {
        model = shared.resolve("model");
        TestData.saveUntrainedModel(model, "untrained", 1);
        otherModel = shared.resolve("other");
        TestData.saveUntrainedModel(otherModel, "untrained", 2);
        good = TestData.resource("clips/03a01Wa.wav");
    }

    private static List<JsonNode> rows(Path results) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(results, StandardCharsets.UTF_8)) {
            rows.add(RowSchema.valid(Json.MAPPER.readTree(line)));
        }
        return rows;
    }

    private static CliRun score(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("score", "--model", model.toString(), "--out", out.toString(), "--workers", "1"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static Path cutTarGz(Path file) throws IOException {
        Path whole = file.resolveSibling("whole-" + file.getFileName());
        try (var out = new TarArchiveOutputStream(new GzipCompressorOutputStream(Files.newOutputStream(whole)))) {
            for (String clip : List.of("03a01Wa.wav", "YAF_back_angry.flac", "03-01-05-01-01-01-01.flac")) {
                byte[] bytes = Files.readAllBytes(TestData.resource("clips/" + clip));
                var entry = new TarArchiveEntry(clip);
                entry.setSize(bytes.length);
                out.putArchiveEntry(entry);
                out.write(bytes);
                out.closeArchiveEntry();
            }
        }
        byte[] bytes = Files.readAllBytes(whole);
        return Files.write(file, Arrays.copyOf(bytes, bytes.length * 2 / 3));
    }

    @Test
    void brokenArchivesListsAndFilesAreRowsAndTheRunGoesOnToItsSummary(@TempDir Path dir) throws IOException {
        Path cut = cutTarGz(dir.resolve("cut.tar.gz"));
        Path streamed = TestData.resource("archives/streamed-stored.zip");
        Path out = dir.resolve("r.jsonl");
        CliRun run = score(out, cut.toString(), "@" + dir.resolve("no-list.txt"), dir.resolve("missing.wav").toString(),
                streamed.toString(), good.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        List<JsonNode> rows = rows(out);
        List<String> paths = rows.stream().map(r -> r.get("path").asText()).toList();
        assertEquals(paths.size(), paths.stream().distinct().count(), "one row per input: " + paths);
        assertTrue(paths.contains(cut + "!/03a01Wa.wav"), "the member before the break keeps its row: " + paths);
        assertTrue(rows.stream().anyMatch(r -> r.get("path").asText().equals(cut.toString())
                && r.get("error").asText().startsWith("the archive breaks after")), paths.toString());
        assertTrue(paths.contains("@" + dir.resolve("no-list.txt")));
        for (String member : List.of("03-01-05-01-01-01-01.flac", "YAF_back_angry.flac")) {
            JsonNode row = rows.stream().filter(r -> r.get("path").asText().equals(streamed + "!/" + member)).findFirst()
                    .orElseThrow(() -> new AssertionError(member + " of the streamed zip: " + paths));
            assertTrue(row.get("error").isNull(), row.toString());
        }
        assertTrue(rows.stream().anyMatch(r -> r.get("path").asText().equals(good.toAbsolutePath().normalize().toString())
                && r.get("error").isNull()), "the input after all the broken ones is scored: " + paths);
        assertTrue(run.err().contains("scored "), run.err());
    }

    @Test
    void outDashWritesRowsToStdoutAndNothingElse(@TempDir Path dir) throws IOException {
        CliRun run = CliRun.of("score", "--model", model.toString(), "--out", "-", good.toString(),
                dir.resolve("missing.wav").toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(2, lines.size(), run.out());
        for (String line : lines) {
            RowSchema.valid(Json.MAPPER.readTree(line));
        }
        assertFalse(Files.exists(Path.of("-")), "no file named -");
        assertFalse(Files.exists(Path.of("-.config.json")), "no sidecar beside a stream");
        assertTrue(run.err().contains("scored 1 file, 1 failed"), run.err());
        assertEquals(ExitCodes.USAGE, CliRun.of("score", "--model", model.toString(), "--out", "-", "--resume", good.toString())
                .exitCode());
    }

    @Test
    void rowsCarryTheirSchemaDecisionAndTheModelsWeightsHash(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("r.jsonl");
        score(out, good.toString());
        JsonNode row = rows(out).get(0);
        assertEquals(1, row.get("schema").asInt());
        String hash = ser.model.ModelBundle.weightsSha256(model).substring(0, 12);
        assertEquals("untrained@" + hash, row.get("model").asText());
        Path csv = dir.resolve("r.csv");
        score(csv, "--format", "csv", good.toString());
        assertTrue(Files.readAllLines(csv).get(0).endsWith("regions,decision,model,schema,error"));
    }

    @Test
    void aRunInWhichNoInputCouldBeScoredExitsFive(@TempDir Path dir) throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.wav"));
        CliRun run = score(dir.resolve("r.jsonl"), dir.resolve("missing.wav").toString(), empty.toString());
        assertEquals(ExitCodes.NOTHING_SCORED, run.exitCode(), run.err());
        assertTrue(run.err().contains("scored 0 files, 2 failed"), run.err());
    }

    /** A test tone is not speech: alone it is an error row, before a clip it changes nothing of the clip's scores. */
    @Test
    void aSteadyToneIsAnErrorRowAndDoesNotVote(@TempDir Path dir) throws IOException {
        float[] speech = AudioDecoder.decode(good).samples();
        float[] tone = new float[2 * AudioDecoder.SAMPLE_RATE];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / AudioDecoder.SAMPLE_RATE));
        }
        float[] toneThenSpeech = Arrays.copyOf(tone, tone.length + speech.length);
        System.arraycopy(speech, 0, toneThenSpeech, tone.length, speech.length);
        Path toneFile = Files.write(dir.resolve("tone.wav"), WavEncoder.float32(tone, AudioDecoder.SAMPLE_RATE));
        Path both = Files.write(dir.resolve("tone-then-speech.wav"), WavEncoder.float32(toneThenSpeech, AudioDecoder.SAMPLE_RATE));
        Path alone = Files.write(dir.resolve("speech.wav"), WavEncoder.float32(speech, AudioDecoder.SAMPLE_RATE));
        Path out = dir.resolve("r.jsonl");
        assertEquals(ExitCodes.OK, score(out, toneFile.toString(), both.toString(), alone.toString()).exitCode());
        Map<String, JsonNode> byName = new HashMap<>();
        rows(out).forEach(r -> byName.put(Path.of(r.get("path").asText()).getFileName().toString(), r));
        assertTrue(byName.get("tone.wav").get("error").asText().matches("no speech: a steady tone for (1\\.9|2\\.0) s and otherwise silence"),
                byName.get("tone.wav").toString());
        assertEquals(byName.get("speech.wav").get("scores"), byName.get("tone-then-speech.wav").get("scores"));
        assertTrue(byName.get("speech.wav").get("error").isNull());
    }

    @Test
    void nonFiniteSamplesAreAnErrorRow(@TempDir Path dir) throws IOException {
        var b = java.nio.ByteBuffer.allocate(44 + 64_000).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 64_000).put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(16).putShort((short) 3).putShort((short) 1).putInt(16_000).putInt(64_000).putShort((short) 4)
                .putShort((short) 32).put("data".getBytes(StandardCharsets.US_ASCII)).putInt(64_000);
        for (int i = 0; i < 16_000; i++) {
            b.putFloat(i == 8_000 ? Float.NaN : (float) (0.3 * Math.sin(i * 0.07)));
        }
        Path nan = Files.write(dir.resolve("nan.wav"), b.array());
        Path out = dir.resolve("r.jsonl");
        score(out, nan.toString());
        JsonNode row = rows(out).get(0);
        assertEquals("non-finite samples at 0.50 s", row.get("error").asText());
        assertTrue(row.get("confidence").isNull());
    }

    @Test
    void resumeKnowsAFileHoweverItsPathIsSpelled(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("calls"));
        Files.copy(good, folder.resolve("a.wav"));
        Files.copy(TestData.resource("clips/YAF_back_angry.flac"), folder.resolve("b.flac"));
        Path out = dir.resolve("r.jsonl");
        assertEquals(ExitCodes.OK, score(out, folder.toString()).exitCode());
        String respelled = dir.resolve("calls/../calls/.").toString();
        CliRun again = score(out, "--resume", respelled, folder.resolve("a.wav").toString());
        assertEquals(ExitCodes.OK, again.exitCode(), again.err());
        assertTrue(again.err().contains("scored 0 files, 0 failed (2 already done)"), again.err());
        assertEquals(2, rows(out).size());
    }

    @Test
    void resumeRefusesRowsOfAnotherModelAndKeepsTheSidecar(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("r.jsonl");
        score(out, good.toString());
        String sidecar = Files.readString(ResultsFile.sidecar(out));
        CliRun other = CliRun.of("score", "--model", otherModel.toString(), "--out", out.toString(), "--resume", good.toString());
        assertEquals(ExitCodes.USAGE, other.exitCode(), other.err());
        assertTrue(other.err().contains("--resume would mix results") && other.err().contains("model_sha256"), other.err());
        CliRun hop = score(out, "--resume", "--hop", "1.0", good.toString());
        assertEquals(ExitCodes.USAGE, hop.exitCode());
        assertTrue(hop.err().contains("hop_s 1.5 there, 1.0 now"), hop.err());
        assertEquals(sidecar, Files.readString(ResultsFile.sidecar(out)), "a refused run leaves the sidecar as it was");
        assertEquals(1, rows(out).size());
    }

    @Test
    void aSecondWriterOfTheSameResultsIsRefusedAtOnce(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("r.jsonl");
        var identity = new ResultsFile.Identity("m", "0", List.of("a"), 3, 1.5, "pooled", 1, ResultsFile.Format.JSONL);
        try (var first = ResultsFile.open(out, identity, Map.of(), false, false).file()) {
            CliRun second = score(out, good.toString());
            assertEquals(ExitCodes.CANNOT_WRITE, second.exitCode());
            assertTrue(second.err().contains("is being written by another ser score"), second.err());
        }
        assertFalse(Files.exists(out) && Files.size(out) > 0, "the refused run wrote nothing");
    }

    @Test
    void retryErrorsScoresTheFailedFilesAgainAndLeavesOneRowPerFile(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("calls"));
        Files.copy(good, folder.resolve("a.wav"));
        Files.writeString(folder.resolve("b.wav"), "not yet audio");
        Path out = dir.resolve("r.jsonl");
        score(out, folder.toString());
        Files.copy(good, folder.resolve("b.wav"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        CliRun retried = score(out, "--resume", "--retry-errors", folder.toString());
        assertEquals(ExitCodes.OK, retried.exitCode(), retried.err());
        assertTrue(retried.err().contains("retrying 1 file whose rows were errors"), retried.err());
        List<JsonNode> rows = rows(out);
        assertEquals(2, rows.size(), rows.toString());
        assertTrue(rows.stream().allMatch(r -> r.get("error").isNull()), rows.toString());
    }

    @Test
    void aCsvKilledWhileWritingItsHeaderResumesWithAHeader(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("r.csv");
        score(out, "--format", "csv", good.toString());
        String header = Files.readAllLines(out).get(0);
        Files.writeString(out, header.substring(0, 9)); // what a kill during the header left before it was atomic
        CliRun resumed = score(out, "--format", "csv", "--resume", good.toString());
        assertEquals(ExitCodes.OK, resumed.exitCode(), resumed.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals(header, lines.get(0));
        assertEquals(2, lines.size());
    }

    @Test
    void aMemberTooLargeForTheHeapIsARowAndTheRunEnds(@TempDir Path dir) throws Exception {
        Path zip = dir.resolve("big.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("huge.wav"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 300; i++) {
                out.write(zeros); // 300 MiB that deflate to a few hundred KB
            }
            out.closeEntry();
            out.putNextEntry(new java.util.zip.ZipEntry("after.wav"));
            out.write(Files.readAllBytes(good));
            out.closeEntry();
        }
        Path out = dir.resolve("r.jsonl");
        Process process = CliRun.process("160m", dir.resolve("log.txt"), List.of("score", "--model", model.toString(),
                "--out", out.toString(), "--workers", "1", zip.toString()));
        boolean ended = process.waitFor(180, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        assertTrue(ended, "the run hung: " + Files.readString(dir.resolve("log.txt")));
        assertEquals(ExitCodes.OK, process.exitValue(), Files.readString(dir.resolve("log.txt")));
        List<JsonNode> rows = rows(out);
        assertEquals(2, rows.size(), rows.toString());
        assertTrue(rows.get(0).get("error").asText().startsWith("member too large for the Java heap"), rows.get(0).toString());
        assertTrue(rows.get(1).get("error").isNull(), "the member after it is scored: " + rows.get(1));
    }

    @Test
    void streamRefusesASampleRateThatCannotBeAudio() {
        for (String rate : List.of("0", "-5", "100")) {
            CliRun run = CliRun.of("stream", "--model", model.toString(), "--sample-rate", rate);
            assertEquals(ExitCodes.USAGE, run.exitCode(), rate);
            assertTrue(run.err().contains("--sample-rate must be 4000 to 768000 Hz"), run.err());
        }
    }

    @Test
    void streamStopsWhenItsReaderLeaves(@TempDir Path dir) throws IOException {
        Path recording = TestData.writeRepeatedSyntheticWav(dir.resolve("long.wav"), 12);
        var closed = new java.io.OutputStream() { // a pipe whose reader has gone after the first line
            private int lines;

            @Override
            public void write(int b) throws IOException {
                if (lines > 0) {
                    throw new IOException("Broken pipe");
                }
                lines += b == '\n' ? 1 : 0;
            }
        };
        java.io.StringWriter err = new java.io.StringWriter();
        var cmd = Main.commandLine();
        cmd.setOut(new java.io.PrintWriter(new java.io.PrintStream(closed, true), true));
        cmd.setErr(new java.io.PrintWriter(err, true));
        int code = cmd.execute("stream", "--model", model.toString(), "--input", recording.toString());
        assertEquals(ExitCodes.OK, code, err.toString());
        assertTrue(err.toString().contains("the output was closed; stopped after"), err.toString());
        int answers = Integer.parseInt(err.toString().replaceAll("(?s).*stopped after (\\d+) answers.*", "$1"));
        assertTrue(answers <= 3, "stopped at once, not after the whole recording: " + answers);
    }

    @Test
    void aModelWhoseDescriptionOrWeightsAreDamagedIsRefusedInOneLine(@TempDir Path dir) throws IOException {
        Path edited = dir.resolve("edited");
        TestData.saveUntrainedModel(edited, "edited", 3);
        Path description = edited.resolve("model.json");
        Files.writeString(description, Files.readString(description).replace("\"lstm_hidden\" : 96", "\"lstm_hidden\" : 48"));
        CliRun run = CliRun.of("score", "--model", edited.toString(), "--out", dir.resolve("a.jsonl").toString(), good.toString());
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertTrue(run.err().contains("model.json does not describe these weights"), run.err());
        assertEquals(1, run.err().strip().lines().filter(l -> l.startsWith("ser score")).count(), run.err());

        Path truncated = dir.resolve("truncated");
        TestData.saveUntrainedModel(truncated, "truncated", 3);
        byte[] weights = Files.readAllBytes(truncated.resolve("weights.pt"));
        Files.write(truncated.resolve("weights.pt"), Arrays.copyOf(weights, weights.length / 2));
        CliRun cut = CliRun.of("score", "--model", truncated.toString(), "--out", dir.resolve("b.jsonl").toString(), good.toString());
        assertEquals(ExitCodes.BAD_INPUT, cut.exitCode());
        assertTrue(cut.err().contains("weights.pt cannot be loaded"), cut.err());
        assertTrue(cut.err().length() < 600, "one line, no C++ trace: " + cut.err());
    }

    @Test
    void trainKeepsAnExistingModelAndRefusesToResumeAnotherRecipe(@TempDir Path dir) throws IOException {
        Path corpus = dir.resolve("corpus");
        CliRun.of("synth", "--out", corpus.toString(), "--speakers", "5", "--clips-per-emotion", "1", "--seed", "6");
        Path out = dir.resolve("m");
        CliRun first = CliRun.of("train", "--data", corpus.toString(), "--out", out.toString(), "--epochs", "1", "--model", "cnn-blstm");
        assertEquals(ExitCodes.OK, first.exitCode(), first.err());
        byte[] weights = Files.readAllBytes(out.resolve("weights.pt"));
        CliRun again = CliRun.of("train", "--data", corpus.toString(), "--out", out.toString(), "--epochs", "1", "--model", "cnn-blstm");
        assertEquals(ExitCodes.USAGE, again.exitCode());
        assertTrue(again.err().contains("already holds a model or checkpoints: --overwrite replaces them"), again.err());
        assertTrue(Arrays.equals(weights, Files.readAllBytes(out.resolve("weights.pt"))), "the model is untouched");

        CliRun otherKind = CliRun.of("train", "--data", corpus.toString(), "--out", out.toString(), "--epochs", "2", "--resume");
        assertEquals(ExitCodes.USAGE, otherKind.exitCode(), otherKind.err());
        assertTrue(otherKind.err().contains("model \"CNN_BLSTM\" there, \"RCNN_BLSTM\" now"), otherKind.err());
        Path fewer = Files.createDirectories(dir.resolve("fewer"));
        try (var clips = Files.list(corpus)) {
            for (Path clip : clips.filter(p -> p.toString().endsWith(".wav")).limit(20).toList()) {
                Files.copy(clip, fewer.resolve(clip.getFileName()));
            }
        }
        CliRun otherData = CliRun.of("train", "--data", fewer.toString(), "--out", out.toString(), "--epochs", "2", "--resume",
                "--model", "cnn-blstm");
        assertEquals(ExitCodes.USAGE, otherData.exitCode(), otherData.err());
        assertTrue(otherData.err().contains("the clips of --data differ"), otherData.err());

        CliRun overwritten = CliRun.of("train", "--data", corpus.toString(), "--out", out.toString(), "--epochs", "1",
                "--overwrite");
        assertEquals(ExitCodes.OK, overwritten.exitCode(), overwritten.err());
    }

    @Test
    void evalOnAFolderWithoutLabelledClipsExitsThree(@TempDir Path dir) throws IOException {
        Files.copy(good, dir.resolve("recording.wav"));
        CliRun run = CliRun.of("eval", "--model", model.toString(), "--data", dir.toString(), "--split", "all");
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode(), run.out());
        assertTrue(run.err().contains("no labelled clips of the all split"), run.err());
    }
}
