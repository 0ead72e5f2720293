package ser.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ser.data.SplitRecord;
import ser.io.AtomicFiles;
import ser.io.FileTrees;
import ser.io.JsonFiles;
import ser.model.EnsembleConfig;
import ser.model.ModelBundle;
import ser.model.ModelDescription;
import ser.model.ModelKind;
import ser.report.Calibration;
import ser.report.Metrics;

/**
 * {@code ser ensemble}: several trained networks of one split made into one model directory that
 * {@code score}, {@code stream} and {@code eval} run as one model. The members are copied in
 * ({@code members/NAME}), and the temperature of their mean is fitted on the dev speakers they
 * share, never below 1 ({@link EnsembleConfig#fit}).
 */
public final class Ensembles {
    private static final Logger LOG = LoggerFactory.getLogger(Ensembles.class);
    public static final String MEMBERS = "members";
    public static final String DEV_REPORT = "metrics.json";

    /**
     * What {@code ser ensemble} was asked, saved as {@code config.json}: where the members came from and the data, as
     * given (relative to where it ran), so a model directory moved to another machine records no local paths.
     */
    public record Request(List<String> members, List<String> data, String id) {
    }

    /** Dev figures of each member and of the ensemble before and after its temperature. */
    public record DevReport(Map<String, Double> memberUa, Map<String, Double> memberEce, double ua, double wa,
                            Double eceUncalibrated, Double ece, double temperature) {
    }

    private Ensembles() {
    }

    public static DevReport build(List<Path> members, List<Path> data, Path out, String id) throws IOException {
        if (members.size() < 2) {
            throw new IllegalArgumentException("an ensemble needs at least two models, got " + members.size());
        }
        if (Files.exists(out)) {
            throw new IllegalArgumentException(out + " exists; an ensemble is written to a new directory");
        }
        ModelDescription first = check(members);
        Path work = AtomicFiles.siblingDirectory(out);
        try {
            List<String> names = copyMembers(members, work);
            Files.copy(members.get(0).resolve(SplitRecord.FILE), work.resolve(SplitRecord.FILE));
            ModelDescription uncalibrated = describe(first, id, names, 1.0);
            JsonFiles.write(work.resolve(ModelBundle.DESCRIPTION), uncalibrated);
            DevReport report = calibrate(work, data, names);
            JsonFiles.write(work.resolve(ModelBundle.DESCRIPTION), describe(first, id, names, report.temperature()));
            JsonFiles.write(work.resolve(DEV_REPORT), report);
            JsonFiles.write(work.resolve("config.json"), Map.of("ensemble", new Request(
                    members.stream().map(Path::toString).toList(), data.stream().map(Path::toString).toList(), id)));
            Files.move(work, out, StandardCopyOption.ATOMIC_MOVE);
            return report;
        } finally {
            if (Files.exists(work)) {
                FileTrees.delete(work);
            }
        }
    }

    /** The first member's description once every member is a network of the same labels, front end and split. */
    private static ModelDescription check(List<Path> members) throws IOException {
        ModelDescription first = ModelBundle.describe(members.get(0));
        JsonNode firstSplit = split(members.get(0));
        for (Path member : members) {
            ModelDescription d = ModelBundle.describe(member);
            if (d.kind() == ModelKind.SVM || d.ensemble() != null) {
                throw new IllegalArgumentException(member + " is not a network model: an ensemble's members are networks");
            }
            if (!d.labels().equals(first.labels()) || !d.logMel().equals(first.logMel()) || !d.vad().equals(first.vad())) {
                throw new IllegalArgumentException(member + ": labels, log-Mel or speech detection differ from " + members.get(0));
            }
            if (!split(member).equals(firstSplit)) {
                throw new IllegalArgumentException(member + " held out other speakers than " + members.get(0)
                        + " (its split.json differs): an ensemble is calibrated and evaluated on the speakers its members share");
            }
        }
        return first;
    }

    private static JsonNode split(Path member) throws IOException {
        Path file = member.resolve(SplitRecord.FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(member + " has no " + SplitRecord.FILE + ": its held-out speakers are unknown");
        }
        return JsonFiles.MAPPER.readTree(file.toFile()).path("speakers");
    }

    /** Each member's files (not its checkpoints) under {@code members/}, named by {@link #memberNames}. */
    private static List<String> copyMembers(List<Path> members, Path work) throws IOException {
        List<String> names = memberNames(members);
        for (int m = 0; m < members.size(); m++) {
            Path target = Files.createDirectories(work.resolve(MEMBERS).resolve(names.get(m)));
            try (Stream<Path> files = Files.list(members.get(m))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, target.resolve(file.getFileName()));
                }
            }
        }
        return names.stream().map(n -> MEMBERS + "/" + n).toList();
    }

    /**
     * Each member is named after its folder; folders of one name (the seed-1 of two seed sets) are named after their
     * parent and themselves ({@code cnn-bal-seed-1}), and a name still taken gets a number.
     */
    static List<String> memberNames(List<Path> members) {
        Map<String, Long> count = new HashMap<>();
        members.forEach(m -> count.merge(folder(m), 1L, Long::sum));
        Set<String> taken = new LinkedHashSet<>();
        for (Path member : members) {
            String own = folder(member);
            Path parent = member.toAbsolutePath().normalize().getParent();
            String base = count.get(own) > 1 && parent != null && parent.getFileName() != null
                    ? parent.getFileName() + "-" + own : own;
            String name = base;
            for (int n = 2; !taken.add(name); n++) {
                name = base + "-" + n;
            }
        }
        return List.copyOf(taken);
    }

    private static String folder(Path member) {
        return member.toAbsolutePath().normalize().getFileName().toString();
    }

    private static ModelDescription describe(ModelDescription first, String id, List<String> members, double temperature) {
        return new ModelDescription(id, first.kind(), first.labels(), first.network(), first.logMel(), first.vad(),
                new EnsembleConfig(members, temperature));
    }

    private static DevReport calibrate(Path ensemble, List<Path> data, List<String> names) throws IOException {
        List<Example> dev = EvaluationRun.select(ensemble, data, EvaluationRun.Split.DEV).examples();
        int[] truth = Evaluator.truth(dev);
        ModelDescription d = ModelBundle.describe(ensemble);
        List<float[][]> members;
        try (ModelBundle.LoadedModel model = ModelBundle.load(ensemble)) {
            members = Evaluator.memberProbabilities(model, dev, new Batcher(d.logMel(), Augmentation.NONE));
        }
        Map<String, Double> memberUa = new LinkedHashMap<>();
        Map<String, Double> memberEce = new LinkedHashMap<>();
        for (int m = 0; m < members.size(); m++) {
            memberUa.put(names.get(m), Metrics.of(d.labels(), truth, Evaluator.argmax(members.get(m))).ua());
            memberEce.put(names.get(m), Calibration.of(members.get(m), truth).ece());
        }
        double t = EnsembleConfig.fit(members, truth);
        float[][] mean = EnsembleConfig.combine(members, 1.0);
        Metrics metrics = Metrics.of(d.labels(), truth, Evaluator.argmax(mean));
        DevReport report = new DevReport(memberUa, memberEce, metrics.ua(), metrics.wa(), Calibration.of(mean, truth).ece(),
                Calibration.of(EnsembleConfig.combine(members, t), truth).ece(), t);
        LOG.info("ensemble of {} on {} dev clips: UA {} (members {}), ECE {} → {} at temperature {}", names.size(), dev.size(),
                String.format("%.3f", report.ua()), memberUa.values().stream().map(v -> String.format("%.3f", v)).toList(),
                format(report.eceUncalibrated()), format(report.ece()), String.format("%.3f", t));
        return report;
    }

    private static String format(Double v) {
        return v == null ? "n/a" : String.format("%.3f", v);
    }
}
