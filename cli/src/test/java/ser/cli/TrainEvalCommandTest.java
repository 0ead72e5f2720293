package ser.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ser train then ser eval from the command line on a small synthetic corpus. */
class TrainEvalCommandTest {
    @Test
    void trainWritesACompleteModelDirectoryThatEvalReads(@TempDir Path dir) throws IOException {
        Path corpus = dir.resolve("corpus");
        assertEquals(ExitCodes.OK, CliRun.of("synth", "--out", corpus.toString(), "--speakers", "5",
                "--clips-per-emotion", "2", "--seed", "2").exitCode());
        Path model = dir.resolve("model");
        CliRun train = CliRun.of("train", "--data", corpus.toString(), "--out", model.toString(), "--epochs", "2",
                "--batch-size", "8", "--model", "rcnn-blstm", "--device", "cuda");
        assertEquals(ExitCodes.OK, train.exitCode(), train.err());
        assertTrue(train.err().contains("device: CUDA requested, using the CPU ("), "one line, no failure: " + train.err());
        assertTrue(train.err().contains("epoch 2:"), train.err());
        for (String file : new String[] {"weights.pt", "model.json", "config.json", "provenance.json", "metrics.json",
                "curves.png", "confusion.png", "reliability.png", "split.json"}) {
            assertTrue(Files.size(model.resolve(file)) > 0, file);
        }
        JsonNode metrics = Json.MAPPER.readTree(model.resolve("metrics.json").toFile());
        assertEquals(2, metrics.get("history").size());
        double bestEpochUa = Math.max(metrics.get("history").get(0).get("dev_ua").asDouble(),
                metrics.get("history").get(1).get("dev_ua").asDouble());
        assertEquals(metrics.get("dev").get("ua").asDouble(), bestEpochUa, 1e-9,
                "early stopping watched the dev UA of the rule the model ships with");
        assertEquals(12, metrics.get("clips").get("dev").asInt(), "one of five synthetic speakers is dev: 6 emotions x 2");
        JsonNode provenance = Json.MAPPER.readTree(model.resolve("provenance.json").toFile());
        assertEquals(64, provenance.get("data_manifest_sha256").asText().length());

        CliRun eval = CliRun.of("eval", "--model", model.toString(), "--data", corpus.toString(), "--split", "dev",
                "--json", dir.resolve("eval.json").toString(), "--predictions", dir.resolve("dev.csv").toString());
        assertEquals(ExitCodes.OK, eval.exitCode(), eval.err());
        JsonNode report = Json.MAPPER.readTree(dir.resolve("eval.json").toFile());
        assertEquals(12, report.get("clips").asInt());
        List<String> rows = Files.readAllLines(dir.resolve("dev.csv"));
        assertEquals("path,corpus,speaker,label,predicted,p_angry,p_disgust,p_fear,p_happy,p_neutral,p_sad", rows.get(0));
        assertEquals(13, rows.size(), "a header and one row per dev clip");
        int right = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",");
            right += cells[3].equals(cells[4]) ? 1 : 0;
            double sum = 0;
            for (int k = 5; k < 11; k++) {
                sum += Double.parseDouble(cells[k]);
            }
            assertEquals(1, sum, 1e-3, row);
        }
        assertEquals(report.get("overall").get("wa").asDouble(), right / 12.0, 1e-9, "the rows are the report's answers");
        assertEquals(metrics.get("dev").get("ua").asDouble(), report.get("overall").get("ua").asDouble(), 1e-9,
                "eval reproduces the dev figure of the training run");
        assertTrue(Files.size(dir.resolve("eval.png")) > 0);

        CliRun longer = CliRun.of("train", "--config", model.resolve("config.json").toString(), "--out", model.toString(),
                "--resume", "--epochs", "3");
        assertEquals(ExitCodes.OK, longer.exitCode(), "the recorded recipe and data resume: " + longer.err());
        assertEquals(3, Json.MAPPER.readTree(model.resolve("metrics.json").toFile()).get("history").size());
        CliRun other = CliRun.of("train", "--data", corpus.toString(), "--out", model.toString(), "--model", "rcnn-blstm",
                "--batch-size", "8", "--resume", "--epochs", "4", "--lr", "0.01");
        assertEquals(ExitCodes.USAGE, other.exitCode());
        assertTrue(other.err().contains("learning_rate 0.001 there, 0.01 now"), other.err());
        assertFalse(other.err().contains("seed"), "numbers equal in value are the same recipe: " + other.err());
    }

    /** The synthetic corpus renamed to RAVDESS's convention, whose speakers are split by a seeded shuffle. */
    private static void renameToRavdess(Path synthetic, Path out) throws IOException {
        java.util.Map<String, String> codes = java.util.Map.of("ANG", "05", "DIS", "07", "FEA", "06", "HAP", "03", "NEU", "01",
                "SAD", "04");
        java.util.Map<String, Integer> actors = new java.util.TreeMap<>();
        java.util.Map<String, Integer> takes = new java.util.HashMap<>();
        Files.createDirectories(out);
        try (var files = Files.list(synthetic)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".wav")).sorted().toList()) {
                String[] parts = f.getFileName().toString().split("_");
                int actor = actors.computeIfAbsent(parts[0], k -> actors.size() + 1);
                int take = takes.merge(parts[0] + parts[2], 1, Integer::sum) - 1;
                String name = String.format("03-01-%s-0%d-0%d-0%d-%02d.wav", codes.get(parts[2]), 1 + take / 4, 1 + take / 2 % 2,
                        1 + take % 2, actor);
                Files.copy(f, out.resolve(name));
            }
        }
    }

    @Test
    void evalReadsTheSplitTheModelRecordedWhateverFoldersItIsGiven(@TempDir Path dir) throws IOException {
        Path synthetic = dir.resolve("synthetic");
        CliRun.of("synth", "--out", synthetic.toString(), "--speakers", "5", "--clips-per-emotion", "2", "--seed", "4");
        Path corpus = dir.resolve("ravdess");
        renameToRavdess(synthetic, corpus);
        Path model = dir.resolve("model");
        CliRun train = CliRun.of("train", "--data", corpus.toString(), "--out", model.toString(), "--epochs", "1",
                "--batch-size", "8", "--split-seed", "3");
        assertEquals(ExitCodes.OK, train.exitCode(), train.err());
        JsonNode speakers = Json.MAPPER.readTree(model.resolve("split.json").toFile()).get("speakers").get("ravdess");
        String dev = speakers.get("DEV").get(0).asText();
        String test = speakers.get("TEST").get(0).asText();
        assertEquals(3, speakers.get("TRAIN").size());

        // a folder with the test speaker, two training speakers and one the model never met: a re-split of
        // these four would choose its own test speaker; the record keeps the model's, and adds the stranger
        Path subset = Files.createDirectories(dir.resolve("subset"));
        java.util.List<String> kept = new java.util.ArrayList<>(java.util.List.of(test.substring(8),
                speakers.get("TRAIN").get(0).asText().substring(8), speakers.get("TRAIN").get(1).asText().substring(8)));
        try (var files = Files.list(corpus)) {
            for (Path f : files.toList()) {
                String actor = f.getFileName().toString().substring(18, 20);
                if (kept.contains(actor)) {
                    Files.copy(f, subset.resolve(f.getFileName()));
                }
                if (actor.equals(dev.substring(8))) {
                    Files.copy(f, subset.resolve(f.getFileName().toString().replace("-" + actor + ".wav", "-24.wav")));
                }
            }
        }
        CliRun eval = CliRun.of("eval", "--model", model.toString(), "--data", subset.toString(), "--split", "test",
                "--json", dir.resolve("test.json").toString());
        assertEquals(ExitCodes.OK, eval.exitCode(), eval.err());
        JsonNode report = Json.MAPPER.readTree(dir.resolve("test.json").toFile());
        assertEquals(24, report.get("clips").asInt(), "12 clips of the recorded test speaker and 12 of the unseen actor 24");
        assertEquals(12, report.get("unseen_clips").asInt());
        assertTrue(report.get("recorded_clips_match").asBoolean(), "the test speaker's clips are the same bytes: " + eval.err());
        assertTrue(report.get("calibration").get("ece").asDouble() >= 0);
        assertTrue(Files.size(dir.resolve("test.reliability.png")) > 0);
        assertFalse(Files.readString(dir.resolve("test.json")).contains("NaN"), "a figure that does not exist is null");

        CliRun unseen = CliRun.of("eval", "--model", model.toString(), "--data", subset.toString(), "--split", "unseen");
        assertTrue(unseen.out().contains("12 clips"), unseen.out());
        CliRun empty = CliRun.of("eval", "--model", model.toString(), "--data", subset.toString(), "--split", "dev");
        assertEquals(ExitCodes.BAD_INPUT, empty.exitCode(), "no clip of the recorded dev speaker: " + empty.out());
        assertTrue(empty.err().contains("no labelled clips of the dev split"), empty.err());
    }

    @Test
    void seedsTrainOneRunEachAndEvalSummarizesThemAsMeanAndSpread(@TempDir Path dir) throws IOException {
        Path corpus = dir.resolve("corpus");
        CliRun.of("synth", "--out", corpus.toString(), "--speakers", "5", "--clips-per-emotion", "2", "--seed", "2");
        Path set = dir.resolve("set");
        CliRun train = CliRun.of("train", "--data", corpus.toString(), "--out", set.toString(), "--epochs", "1",
                "--batch-size", "8", "--model", "cnn-blstm", "--seeds", "1,2");
        assertEquals(ExitCodes.OK, train.exitCode(), train.err());
        JsonNode seeds = Json.MAPPER.readTree(set.resolve("seeds.json").toFile());
        JsonNode ua = seeds.get("dev").get("overall").get("ua");
        double a = Json.MAPPER.readTree(set.resolve("seed-1/metrics.json").toFile()).get("dev").get("ua").asDouble();
        double b = Json.MAPPER.readTree(set.resolve("seed-2/metrics.json").toFile()).get("dev").get("ua").asDouble();
        assertEquals((a + b) / 2, ua.get("mean").asDouble(), 1e-9);
        assertEquals(Math.abs(a - b) / Math.sqrt(2), ua.get("sd").asDouble(), 1e-9);
        assertEquals(Json.MAPPER.readTree(set.resolve("seed-1/split.json").toFile()),
                Json.MAPPER.readTree(set.resolve("seed-2/split.json").toFile()), "seeds hold out the same speakers");

        CliRun eval = CliRun.of("eval", "--model", set.toString(), "--data", corpus.toString(), "--split", "dev",
                "--json", dir.resolve("seeds-eval.json").toString());
        assertEquals(ExitCodes.OK, eval.exitCode(), eval.err());
        JsonNode summary = Json.MAPPER.readTree(dir.resolve("seeds-eval.json").toFile()).get("summary");
        assertEquals(2, summary.get("runs").asInt());
        assertEquals(ua.get("mean").asDouble(), summary.get("overall").get("ua").get("mean").asDouble(), 1e-9,
                "eval on dev reproduces the training runs' dev figures");
        assertEquals(1, summary.get("per_corpus").size());
        JsonNode corpusUa = summary.get("per_corpus").elements().next().get("ua");
        JsonNode corpusMean = summary.get("overall").get("corpus_mean_ua");
        assertEquals(corpusUa.get("mean").asDouble(), corpusMean.get("mean").asDouble(), 1e-9, "one corpus is its own mean");
        assertTrue(eval.out().contains(String.format("mean UA over the corpora %.3f ± %.3f", corpusMean.get("mean").asDouble(),
                corpusMean.get("sd").asDouble())), eval.out());

        Path ensemble = dir.resolve("pair");
        Path setAsTyped = Path.of("").toAbsolutePath().relativize(set);
        CliRun made = CliRun.of("ensemble", setAsTyped.toString(), "--data", corpus.toString(), "--out", ensemble.toString());
        assertEquals(ExitCodes.OK, made.exitCode(), made.err());
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertEquals(Files.getPosixFilePermissions(Files.createDirectory(dir.resolve("plain"))),
                    Files.getPosixFilePermissions(ensemble), "others may read an ensemble as they may any model directory");
        }
        assertEquals(List.of(setAsTyped.resolve("seed-1").toString(), setAsTyped.resolve("seed-2").toString()),
                Json.MAPPER.convertValue(Json.MAPPER.readTree(ensemble.resolve("config.json").toFile())
                        .get("ensemble").get("members"), List.class), "the members' paths as given, not made absolute");
        JsonNode members = Json.MAPPER.readTree(ensemble.resolve("model.json").toFile()).get("ensemble").get("members");
        assertEquals("[\"members/seed-1\",\"members/seed-2\"]", members.toString());
        JsonNode dev = Json.MAPPER.readTree(ensemble.resolve("metrics.json").toFile());
        assertEquals(a, dev.get("member_ua").get("members/seed-1").asDouble(), 1e-9, "a member scores dev as its own run did");
        assertEquals(b, dev.get("member_ua").get("members/seed-2").asDouble(), 1e-9);
        CliRun evalEnsemble = CliRun.of("eval", "--model", ensemble.toString(), "--data", corpus.toString(), "--split", "dev",
                "--json", dir.resolve("pair-eval.json").toString());
        assertEquals(ExitCodes.OK, evalEnsemble.exitCode(), evalEnsemble.err());
        assertEquals(dev.get("ua").asDouble(),
                Json.MAPPER.readTree(dir.resolve("pair-eval.json").toFile()).get("overall").get("ua").asDouble(), 1e-9);
        CliRun again = CliRun.of("ensemble", set.toString(), "--data", corpus.toString(), "--out", ensemble.toString());
        assertEquals(ExitCodes.USAGE, again.exitCode(), "an existing directory is not overwritten");
        CliRun alone = CliRun.of("ensemble", set.resolve("seed-1").toString(), "--data", corpus.toString(),
                "--out", dir.resolve("alone").toString());
        assertEquals(ExitCodes.USAGE, alone.exitCode());
        assertTrue(alone.err().contains("at least two"), alone.err());
    }

    @Test
    void anEnsembleDirectoryAsConfigTrainsEachMembersRecipeThenTheirEnsemble(@TempDir Path dir) throws IOException {
        Path corpus = dir.resolve("corpus");
        CliRun.of("synth", "--out", corpus.toString(), "--speakers", "5", "--clips-per-emotion", "2", "--seed", "4");
        Path cnn = dir.resolve("runs/cnn");
        Path rcnn = dir.resolve("runs/rcnn");
        assertEquals(ExitCodes.OK, CliRun.of("train", "--data", corpus.toString(), "--out", cnn.toString(), "--epochs", "1",
                "--batch-size", "8", "--model", "cnn-blstm", "--seed", "3", "--threads", "1").exitCode());
        assertEquals(ExitCodes.OK, CliRun.of("train", "--data", corpus.toString(), "--out", rcnn.toString(), "--epochs", "1",
                "--batch-size", "8", "--seed", "5", "--threads", "1").exitCode());
        Path shipped = dir.resolve("shipped");
        CliRun built = CliRun.of("ensemble", cnn.toString(), rcnn.toString(), "--data", corpus.toString(), "--out",
                shipped.toString(), "--id", "two-recipes");
        assertEquals(ExitCodes.OK, built.exitCode(), built.err());

        Path again = dir.resolve("again");
        CliRun retrain = CliRun.of("train", "--config", shipped.toString(), "--out", again.toString());
        assertEquals(ExitCodes.OK, retrain.exitCode(), retrain.err());
        for (Path member : List.of(cnn, rcnn)) {
            Path retrained = again.resolve("members").resolve(member.getFileName());
            assertEquals(Json.MAPPER.readTree(member.resolve("config.json").toFile()).get("train"),
                    Json.MAPPER.readTree(retrained.resolve("config.json").toFile()).get("train"),
                    "each member's recipe, its model kind and seed included, as that member recorded it");
            assertEquals(Json.MAPPER.readTree(member.resolve("metrics.json").toFile()).get("dev"),
                    Json.MAPPER.readTree(retrained.resolve("metrics.json").toFile()).get("dev"),
                    "one thread on the CPU: the same recipe and seed train the same network");
        }
        JsonNode model = Json.MAPPER.readTree(again.resolve("model/model.json").toFile());
        assertEquals("two-recipes", model.get("id").asText());
        assertEquals("[\"members/cnn\",\"members/rcnn\"]", model.get("ensemble").get("members").toString());
        JsonNode dev = Json.MAPPER.readTree(again.resolve("model/metrics.json").toFile());
        assertEquals(Json.MAPPER.readTree(shipped.resolve("metrics.json").toFile()), dev, "the ensemble of the same members");

        CliRun twice = CliRun.of("train", "--config", shipped.toString(), "--out", again.toString());
        assertEquals(ExitCodes.USAGE, twice.exitCode());
        assertTrue(twice.err().contains("already holds a model"), twice.err());
        CliRun resumed = CliRun.of("train", "--config", shipped.toString(), "--out", again.toString(), "--resume", "--epochs", "2");
        assertEquals(ExitCodes.OK, resumed.exitCode(), resumed.err());
        JsonNode longer = Json.MAPPER.readTree(again.resolve("members/cnn/metrics.json").toFile());
        assertEquals(2, longer.get("history").size(), "--resume --epochs 2 trains each member a second epoch");
        assertEquals(longer.get("dev").get("ua").asDouble(),
                Json.MAPPER.readTree(again.resolve("model/metrics.json").toFile()).get("member_ua").get("members/cnn").asDouble(),
                1e-9, "and builds the ensemble again from the members as they are now");
        Path single = dir.resolve("single");
        CliRun one = CliRun.of("train", "--config", cnn.toString(), "--out", single.toString(), "--seed", "4");
        assertEquals(ExitCodes.OK, one.exitCode(), one.err());
        JsonNode recipe = Json.MAPPER.readTree(single.resolve("config.json").toFile()).get("train");
        assertEquals("CNN_BLSTM", recipe.get("model").asText(), "a network's directory is its config.json");
        assertEquals(4, recipe.get("seed").asInt(), "with what the command line gave");
        CliRun seeds = CliRun.of("train", "--config", shipped.toString(), "--out", dir.resolve("other").toString(), "--seeds", "1,2");
        assertEquals(ExitCodes.USAGE, seeds.exitCode());
        assertTrue(seeds.err().contains("--seeds does not apply to an ensemble's recipe"), seeds.err());
        Files.delete(shipped.resolve("members/rcnn/config.json"));
        CliRun unknown = CliRun.of("train", "--config", shipped.toString(), "--out", dir.resolve("unknown").toString());
        assertEquals(ExitCodes.USAGE, unknown.exitCode());
        assertTrue(unknown.err().contains("has no config.json: how it was trained is unknown"), unknown.err());
        assertFalse(Files.exists(dir.resolve("unknown/members/cnn")), "refused before any member trains");
    }

    @Test
    void svmBaselineTrainsAndEvaluatesThroughTheSameCommands(@TempDir Path dir) throws IOException {
        Path corpus = dir.resolve("corpus");
        CliRun.of("synth", "--out", corpus.toString(), "--speakers", "5", "--clips-per-emotion", "4", "--seed", "3");
        Path model = dir.resolve("svm");
        CliRun train = CliRun.of("train", "--data", corpus.toString(), "--out", model.toString(), "--model", "svm");
        assertEquals(ExitCodes.OK, train.exitCode(), train.err());
        assertTrue(Files.size(model.resolve("svm.model")) > 0);
        JsonNode metrics = Json.MAPPER.readTree(model.resolve("metrics.json").toFile());
        CliRun eval = CliRun.of("eval", "--model", model.toString(), "--data", corpus.toString(), "--split", "dev",
                "--json", dir.resolve("eval.json").toString());
        assertEquals(ExitCodes.OK, eval.exitCode(), eval.err());
        JsonNode report = Json.MAPPER.readTree(dir.resolve("eval.json").toFile());
        assertEquals(metrics.get("dev").get("ua").asDouble(), report.get("overall").get("ua").asDouble(), 1e-9);
        assertTrue(report.get("overall").get("ua").asDouble() > 0.3, "the SVM learns the synthetic cues: " + report.get("overall"));

        CliRun loso = CliRun.of("eval", "--model", model.toString(), "--data", corpus.toString(), "--cv", "loso",
                "--json", dir.resolve("loso.json").toString());
        assertEquals(ExitCodes.OK, loso.exitCode(), loso.err());
        JsonNode cv = Json.MAPPER.readTree(dir.resolve("loso.json").toFile());
        assertEquals(5, cv.get("folds").asInt());
        assertEquals(5, cv.get("ua_by_speaker").size());
        int pooled = 0;
        for (JsonNode row : cv.get("pooled").get("confusion")) {
            for (JsonNode cell : row) {
                pooled += cell.asInt();
            }
        }
        assertEquals(5 * 6 * 4, pooled, "every clip is predicted once, by the fold that held its speaker out");
    }

    @Test
    void unknownModelKindIsAUsageError(@TempDir Path dir) {
        CliRun run = CliRun.of("train", "--data", dir.toString(), "--out", dir.resolve("m").toString(), "--model", "gpt");
        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertTrue(run.err().contains("use rcnn-blstm, cnn-blstm, windows-blstm or svm"), run.err());
    }
}
