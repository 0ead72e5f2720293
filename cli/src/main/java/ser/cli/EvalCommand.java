package ser.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import ser.io.JsonFiles;
import ser.report.Metrics;
import ser.report.Plots;
import ser.train.CrossValidation;
import ser.train.EvaluationRun;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a model on labelled corpora.",
                "WA, UA, macro F1, per-class figures and confusion, overall and per",
                "corpus. --split dev|test uses the speaker split of the model's own",
                "training run."})
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "MODEL_DIR", description = "a directory written by ser train (default: the shipped models/default)")
    Path model;

    @Option(names = "--data", required = true, split = ",", paramLabel = "DIR", description = "corpus folders or manifests")
    List<Path> data;

    @Option(names = "--split", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    EvaluationRun.Split split = EvaluationRun.Split.TEST;

    @Option(names = "--cv", paramLabel = "loso",
            description = "loso: leave-one-speaker-out cross-validation, retraining MODEL_DIR's recipe once per speaker")
    String crossValidation;

    @Option(names = "--json", paramLabel = "OUT", description = "write the full report as JSON, with OUT's name and .png for the confusion matrix")
    Path json;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (model == null) {
            model = DefaultModel.path();
        }
        if (crossValidation != null) {
            return crossValidate(out);
        }
        EvaluationRun.Report report;
        try {
            report = EvaluationRun.run(model, data, split);
        } catch (IOException e) {
            spec.commandLine().getErr().println("ser eval: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        out.printf("%s on %s split: %d clips (%d unreadable)%n", report.model(), report.split(), report.clips(), report.unreadable());
        print(out, "all", report.overall());
        report.perCorpus().forEach((corpus, m) -> print(out, corpus, m));
        out.printf("%n%-10s %9s %7s %7s %7s%n", "class", "support", "prec", "recall", "F1");
        for (Metrics.PerClass c : report.overall().perClass()) {
            out.printf("%-10s %9d %7.3f %7.3f %7.3f%n", c.label(), c.support(), c.precision(), c.recall(), c.f1());
        }
        if (json != null) {
            JsonFiles.write(json, report);
            Plots.confusion(json.resolveSibling(json.getFileName().toString().replaceFirst("\\.json$", "") + ".png"),
                    report.overall());
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
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        out.printf("leave-one-speaker-out, %s recipe of %s: %d folds%n", report.model(), model, report.folds());
        print(out, "pooled", report.pooled());
        report.uaBySpeaker().forEach((speaker, ua) -> out.printf("  %-14s UA %.3f%n", speaker, ua));
        if (json != null) {
            JsonFiles.write(json, report);
        }
        return ExitCodes.OK;
    }

    private static void print(PrintWriter out, String name, Metrics m) {
        out.printf("%-10s WA %.3f  UA %.3f  macro-F1 %.3f  (%d clips)%n", name, m.wa(), m.ua(), m.macroF1(), m.total());
    }
}
