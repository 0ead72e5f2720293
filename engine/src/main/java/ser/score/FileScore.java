package ser.score;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ser.audio.SpeechWindows;
import ser.model.Recognizer;

/**
 * A file's window recognitions, gathered in order, and the row they make: one window gives the
 * model's own regions; several give scores averaged by window length and a per-window timeline.
 */
final class FileScore {
    private final String name;
    private final List<String> labels;
    private final String modelId;
    private final double[] sums;
    private final List<Recognizer.Region> timeline = new ArrayList<>();
    private Recognizer.Recognition single;
    private double weight;
    private int recognized;
    private String failure;
    private SpeechWindows.Cut cut;

    FileScore(String name, List<String> labels, String modelId) {
        this.name = name;
        this.labels = labels;
        this.modelId = modelId;
        this.sums = new double[labels.size()];
    }

    String name() {
        return name;
    }

    int recognized() {
        return recognized;
    }

    void add(double startS, double endS, Recognizer.Recognition r) {
        double length = endS - startS;
        for (int k = 0; k < sums.length; k++) {
            sums[k] += r.scores().get(labels.get(k)) * length;
        }
        weight += length;
        timeline.add(new Recognizer.Region(startS, endS, r.emotion(), r.confidence()));
        single = recognized == 0 ? r : null;
        recognized++;
    }

    /** A batch holding one of this file's windows failed: the file is an error row. */
    void fail(String reason) {
        failure = failure == null ? reason : failure;
        recognized++;
    }

    /** All windows are cut: {@code cut.windows()} recognitions complete the file. */
    void end(SpeechWindows.Cut cut) {
        this.cut = cut;
    }

    boolean complete() {
        return cut != null && recognized >= cut.windows();
    }

    ScoreRow row() {
        if (failure != null) {
            return ScoreRow.failed(name, modelId, failure);
        }
        if (weight <= 0) {
            return ScoreRow.failed(name, modelId, "no speech: the speech span is empty");
        }
        if (!cut.windowed() && single != null) {
            return new ScoreRow(name, cut.durationS(), single.emotion(), single.confidence(), single.scores(), single.regions(),
                    modelId, null);
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        int best = 0;
        for (int k = 0; k < sums.length; k++) {
            scores.put(labels.get(k), sums[k] / weight);
            best = sums[k] > sums[best] ? k : best;
        }
        return new ScoreRow(name, cut.durationS(), labels.get(best), sums[best] / weight, scores, List.copyOf(timeline), modelId, null);
    }
}
