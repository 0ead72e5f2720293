package ser.score;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import ser.audio.SpeechWindows;
import ser.model.Recognizer;

/**
 * A file's window recognitions and the row they make: one window gives the model's own regions;
 * several give scores averaged over windows weighted by their voiced seconds (a pause inside the
 * speech does not vote) and a timeline of the windows that are at least a tenth voiced. A file
 * whose windows are all unvoiced falls back to weighting them by length. Windows may be
 * recognized on several threads and in any order; the row is built in window order, so it is the
 * same however the work was split.
 */
final class FileScore {
    private final String name;
    private final List<String> labels;
    private final String modelId;
    private final TreeMap<Integer, Window> windows = new TreeMap<>();
    private int recognized;
    private String failure;
    private SpeechWindows.Cut cut;
    private boolean emitted;

    private static final double TIMELINE_VOICED_SHARE = 0.1;

    private record Window(double startS, double endS, double voicedShare, Recognizer.Recognition recognition) {
        double length() {
            return endS - startS;
        }
    }

    FileScore(String name, List<String> labels, String modelId) {
        this.name = name;
        this.labels = labels;
        this.modelId = modelId;
    }

    synchronized void add(int index, double startS, double endS, double voicedShare, Recognizer.Recognition r) {
        windows.put(index, new Window(startS, endS, voicedShare, r));
        recognized++;
    }

    /** A batch holding one of this file's windows failed: the file is an error row. */
    synchronized void fail(String reason) {
        failure = failure == null ? reason : failure;
        recognized++;
    }

    /** All windows are cut: {@code cut.windows()} recognitions complete the file. */
    synchronized void end(SpeechWindows.Cut cut) {
        this.cut = cut;
    }

    /** The row, the first time the file is complete; null before and after. */
    synchronized ScoreRow takeRowIfComplete() {
        if (emitted || cut == null || recognized < cut.windows()) {
            return null;
        }
        emitted = true;
        return row();
    }

    synchronized ScoreRow row() {
        if (failure != null) {
            return ScoreRow.failed(name, modelId, failure);
        }
        if (windows.isEmpty()) {
            return ScoreRow.failed(name, modelId, "no speech: the speech span is empty");
        }
        if (!cut.windowed() && windows.size() == 1) {
            Recognizer.Recognition single = windows.firstEntry().getValue().recognition();
            return new ScoreRow(name, cut.durationS(), single.emotion(), single.confidence(), single.scores(), single.regions(),
                    ScoreRow.REGION, modelId);
        }
        boolean anyVoiced = anyVoiced();
        double[] sums = new double[labels.size()];
        double weight = 0;
        List<Recognizer.Region> timeline = new ArrayList<>(windows.size());
        for (Window w : windows.values()) {
            double vote = vote(w, anyVoiced);
            for (int k = 0; k < sums.length; k++) {
                sums[k] += w.recognition().scores().get(labels.get(k)) * vote;
            }
            weight += vote;
            if (!anyVoiced || w.voicedShare() >= TIMELINE_VOICED_SHARE) {
                timeline.add(new Recognizer.Region(w.startS(), w.endS(), w.recognition().emotion(), w.recognition().confidence()));
            }
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        int best = 0;
        for (int k = 0; k < sums.length; k++) {
            scores.put(labels.get(k), sums[k] / weight);
            best = sums[k] > sums[best] ? k : best;
        }
        return new ScoreRow(name, cut.durationS(), labels.get(best), sums[best] / weight, scores, List.copyOf(timeline),
                ScoreRow.WINDOWS, modelId);
    }

    /** The file's embedding: its one window's, or the windows' averaged with the weights their scores have; empty for an error row. */
    synchronized float[] embedding() {
        if (failure != null || windows.isEmpty()) {
            return new float[0];
        }
        if (!cut.windowed() && windows.size() == 1) {
            return windows.firstEntry().getValue().recognition().embedding().clone();
        }
        boolean anyVoiced = anyVoiced();
        double[] sums = new double[windows.firstEntry().getValue().recognition().embedding().length];
        double weight = 0;
        for (Window w : windows.values()) {
            double vote = vote(w, anyVoiced);
            float[] e = w.recognition().embedding();
            for (int k = 0; k < sums.length; k++) {
                sums[k] += e[k] * vote;
            }
            weight += vote;
        }
        float[] mean = new float[sums.length];
        for (int k = 0; k < mean.length; k++) {
            mean[k] = (float) (sums[k] / weight);
        }
        return mean;
    }

    private boolean anyVoiced() {
        return windows.values().stream().anyMatch(w -> w.voicedShare() > 0);
    }

    /** A window's weight: its voiced seconds, or its length when no window of the file is voiced. */
    private static double vote(Window w, boolean anyVoiced) {
        return anyVoiced ? w.length() * w.voicedShare() : w.length();
    }
}
