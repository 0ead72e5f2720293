package ser.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import ser.io.FileTrees;
import ser.io.JsonFiles;
import ser.model.ModelBundle;
import ser.report.Calibration;
import ser.report.Metrics;
import ser.report.Plots;
import ser.report.Spread;
import ser.runtime.LibTorch;
import ser.train.CrossValidation;
import ser.train.EvaluationRun;
import ser.train.Localization;
import ser.train.SeedSet;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a model on labelled corpora.",
                "WA, UA, macro F1, per-class figures and confusion, overall and per",
                "corpus, with calibration (ECE, 10 bins). --split train|dev|test reads",
                "the speakers of the model's own training run from its split.json;",
                "speakers it does not name were never heard and count as test, and",
                "alone as --split unseen. An empty split is an error (exit 3)."})
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption modelOption;

    @Mixin
    DeviceOption device;

    @Mixin
    ThreadsOption threads;

    private Path model;

    private org.bytedeco.pytorch.Device ran;

    @Option(names = "--data", required = true, split = ",", paramLabel = "DIR", description = "corpus folders or manifests")
    List<Path> data;

    @Option(names = "--split", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    EvaluationRun.Split split = EvaluationRun.Split.TEST;

    @Option(names = "--cv", paramLabel = "loso",
            description = "loso: leave-one-speaker-out cross-validation, retraining MODEL_DIR's recipe once per speaker")
    String crossValidation;

    @Option(names = "--localize",
            description = "instead of classifying: splice 1.2 s of a held-out speaker's emotional clip into 3 s of their neutral speech and report how well the regions find it (IoU against chance), per network")
    boolean localize;

    @Option(names = "--json", paramLabel = "OUT", description = "write the full report as JSON, with OUT's name and .png for the confusion matrix")
    Path json;

    @Option(names = "--predictions", paramLabel = "CSV",
            description = "also write one row per clip: path, corpus, speaker, label, predicted and every class's probability "
                    + "(a seed set writes one file per run, CSV's name with the run's inserted before .csv)")
    Path predictions;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        model = modelOption.dir();
        LibTorch.load();
        LibTorch.setThreads(threads.count);
        if ((crossValidation != null || localize) && device.device == ser.api.Device.CUDA) {
            spec.commandLine().getErr().println("ser eval: --cv and --localize run on the CPU; leave out --device cuda");
            return ExitCodes.USAGE;
        }
        if (crossValidation != null) {
            return crossValidate(out);
        }
        List<Path> members = SeedSet.members(model);
        if (localize) {
            return localize(members.isEmpty() ? ModelBundle.networks(model) : members, out);
        }
        if (!members.isEmpty()) {
            return evaluateSeeds(members, out);
        }
        EvaluationRun.Report report;
        try {
            report = EvaluationRun.run(model, data, split, onDevice());
        } catch (IOException e) {
            spec.commandLine().getErr().println("ser eval: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        out.printf("%s on the %s split: %d clips (%d unreadable, %d of speakers outside the model's split record)%n",
                report.model(), report.split().name().toLowerCase(), report.clips(), report.unreadable(), report.unseenClips());
        print(out, "all", report.overall(), report.calibration());
        report.perCorpus().forEach((corpus, f) -> print(out, corpus, f.metrics(), f.calibration()));
        Double corpusMean = report.corpusMeanUa();
        if (corpusMean != null) {
            out.printf("mean UA over the corpora %.3f%n", corpusMean);
        }
        out.printf("%n%-10s %9s %7s %7s %7s%n", "class", "support", "prec", "recall", "F1");
        for (Metrics.PerClass c : report.overall().perClass()) {
            out.printf("%-10s %9d %7.3f %7.3f %7.3f%n", c.label(), c.support(), c.precision(), c.recall(), c.f1());
        }
        if (predictions != null) {
            PredictionsCsv.write(predictions, report);
        }
        if (json != null) {
            JsonFiles.write(json, report);
            String stem = json.getFileName().toString().replaceFirst("\\.json$", "");
            Plots.confusion(json.resolveSibling(stem + ".png"), report.overall());
            if (report.calibration() != null) {
                Plots.reliability(json.resolveSibling(stem + ".reliability.png"), report.calibration(),
                        report.split().name().toLowerCase() + " split");
            }
        }
        return ExitCodes.OK;
    }

    /** Where the network runs; said once on stderr, as ser score says it. */
    private org.bytedeco.pytorch.Device onDevice() {
        if (ran == null) {
            ran = LibTorch.device(device.name());
            spec.commandLine().getErr().println(Devices.forScoring(device.name()));
        }
        return ran;
    }


    /** Every run of a seed set on its own recorded split, then each figure as mean ± standard deviation. */
    private int evaluateSeeds(List<Path> members, PrintWriter out) throws IOException {
        List<EvaluationRun.Report> reports = new java.util.ArrayList<>();
        for (Path member : members) {
            try {
                reports.add(EvaluationRun.run(member, data, split, onDevice()));
            } catch (IOException e) {
                spec.commandLine().getErr().println("ser eval: " + member + ": " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
            EvaluationRun.Report r = reports.get(reports.size() - 1);
            print(out, member.getFileName().toString(), r.overall(), r.calibration());
            if (predictions != null) {
                String name = predictions.getFileName().toString().replaceFirst("(\\.csv)?$", "." + member.getFileName() + ".csv");
                PredictionsCsv.write(predictions.resolveSibling(name), r);
            }
        }
        SeedSet.Summary summary = SeedSet.summarize(reports.stream().map(EvaluationRun.Report::figures).toList());
        out.printf("%s, %d seeds, %s split: WA %s  UA %s  macro-F1 %s  ECE %s%n", model, summary.runs(),
                split.name().toLowerCase(), summary.overall().get("wa"), summary.overall().get("ua"),
                summary.overall().get("macro_f1"), summary.overall().get("ece"));
        summary.perCorpus().forEach((corpus, f) -> out.printf("  %-10s WA %s  UA %s%n", corpus, f.get("wa"), f.get("ua")));
        out.printf("  mean UA over the corpora %s%n", summary.overall().get("corpus_mean_ua"));
        summary.recall().forEach((label, r) -> out.printf("  recall %-8s %s%n", label, r));
        if (json != null) {
            JsonFiles.write(json, java.util.Map.of("members", reports, "summary", summary));
        }
        return ExitCodes.OK;
    }

    private int localize(List<Path> networks, PrintWriter out) throws IOException {
        List<Localization.Figures> runs = new java.util.ArrayList<>();
        for (Path network : networks) {
            Localization.Figures f;
            try {
                f = Localization.run(network, data, "neutral", 1);
            } catch (IOException | IllegalArgumentException e) {
                spec.commandLine().getErr().println("ser eval: " + network + ": " + e.getMessage());
                return ExitCodes.BAD_INPUT;
            }
            runs.add(f);
            out.printf("%s: %d composites; top region IoU %.3f (chance %.3f, any proposal %.3f), ≥ 0.5 in %.3f; "
                    + "inside the segment %.3f (chance %.3f); "
                    + "most confident region of the spliced emotion %.3f; utterance says the spliced emotion %.3f; "
                    + "top IoU by start %s%n", network, f.composites(), f.topRegionIou(), f.chanceIou(), f.meanProposalIou(),
                    f.topHits(), f.topInside(), f.chanceInside(), f.emotionRegionIou(), f.utteranceRecall(), f.topIouByStart());
        }
        java.util.Map<String, Spread> summary = new java.util.LinkedHashMap<>();
        summary.put("top_region_iou", Spread.over(runs, Localization.Figures::topRegionIou));
        summary.put("chance_iou", Spread.over(runs, Localization.Figures::chanceIou));
        summary.put("top_inside", Spread.over(runs, Localization.Figures::topInside));
        summary.put("chance_inside", Spread.over(runs, Localization.Figures::chanceInside));
        summary.put("mean_proposal_iou", Spread.over(runs, Localization.Figures::meanProposalIou));
        summary.put("emotion_region_iou", Spread.over(runs, Localization.Figures::emotionRegionIou));
        summary.put("utterance_recall", Spread.over(runs, Localization.Figures::utteranceRecall));
        if (runs.size() > 1) {
            out.printf("%d networks: %s%n", runs.size(), summary);
        }
        if (json != null) {
            JsonFiles.write(json, java.util.Map.of("networks", networks.stream().map(Path::toString).toList(), "runs", runs,
                    "summary", summary));
        }
        return ExitCodes.OK;
    }

    private int crossValidate(PrintWriter out) throws IOException {
        if (!crossValidation.equalsIgnoreCase("loso")) {
            spec.commandLine().getErr().println("ser eval: --cv takes loso, not " + crossValidation);
            return ExitCodes.USAGE;
        }
        Path work = Files.createTempDirectory("ser-loso");
        CrossValidation.Report report;
        try {
            report = CrossValidation.leaveOneSpeakerOut(model, data, work);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("ser eval: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } finally {
            FileTrees.delete(work);
        }
        out.printf("leave-one-speaker-out, %s recipe of %s: %d folds%n", report.model(), model, report.folds());
        print(out, "pooled", report.pooled(), null);
        report.uaBySpeaker().forEach((speaker, ua) -> out.printf("  %-14s UA %.3f%n", speaker, ua));
        if (json != null) {
            JsonFiles.write(json, report);
        }
        return ExitCodes.OK;
    }

    private static void print(PrintWriter out, String name, Metrics m, Calibration calibration) {
        String ece = calibration == null || calibration.ece() == null ? "" : String.format("  ECE %.3f", calibration.ece());
        out.printf("%-10s WA %.3f  UA %.3f  macro-F1 %.3f%s  (%d clips)%n", name, m.wa(), m.ua(), m.macroF1(), ece, m.total());
    }
}
