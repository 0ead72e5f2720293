package ser.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import ser.audio.AudioDecoder;
import ser.model.ModelBundle;
import ser.model.Recognizer;

/**
 * Whether the regions find the emotion: 3 s utterances made of a held-out speaker's neutral speech
 * with 1.2 s of one of their emotional clips spliced in at the start, the middle or the end, and the
 * overlap (IoU) of the model's regions with that known segment, against what a region of the same
 * length placed anywhere would score.
 */
public final class Localization {
    public static final double UTTERANCE_S = 3.0;
    public static final double SEGMENT_S = 1.2;
    private static final double[] STARTS_S = {0, 0.9, 1.8};
    private static final int CLIPS_PER_SPEAKER_AND_EMOTION = 4;

    /** An utterance whose emotional segment is known: {@code emotion} from {@code startS} to {@code endS}. */
    public record Composite(String speaker, String emotion, double startS, double endS, float[] speech) {
    }

    /**
     * @param topRegionIou     mean IoU of the most confident region (the paper's choice) with the segment
     * @param emotionRegionIou mean IoU of the most confident region labelled with the segment's emotion (0 when none is)
     * @param meanProposalIou  mean IoU of all proposals: what picking one blindly gives
     * @param chanceIou        mean IoU of a segment as long as the top region, placed uniformly in the utterance
     * @param topInside        mean share of the top region that lies inside the segment (regions shorter than
     *                         the segment cannot reach a high IoU, but can lie inside it)
     * @param chanceInside     that share for a region as long placed uniformly
     * @param topHits          share of top regions with IoU ≥ 0.5
     * @param utteranceRecall  share of composites whose utterance decision is the segment's emotion
     * @param topIouByStart    the top region's mean IoU by where the segment starts (s)
     */
    public record Figures(int composites, double topRegionIou, double emotionRegionIou, double meanProposalIou,
                          double chanceIou, double topInside, double chanceInside, double topHits, double utteranceRecall, Map<String, Double> topIouByStart) {
    }

    private Localization() {
    }

    /** The model's regions on composites of the held-out speakers of its split (test and unseen) in {@code data}. */
    public static Figures run(Path modelDir, List<Path> data, String background, long seed) throws IOException {
        List<Example> test = EvaluationRun.select(modelDir, data, EvaluationRun.Split.TEST).examples();
        try (ModelBundle.LoadedModel model = ModelBundle.load(modelDir)) {
            Recognizer recognizer = new Recognizer(model);
            List<Composite> composites = composites(test, recognizer.description().labels(), background, seed);
            if (composites.isEmpty()) {
                throw new IOException("no held-out speaker in " + data + " has both " + background + " and emotional clips of "
                        + SEGMENT_S + " s or longer");
            }
            return measure(recognizer, composites);
        }
    }

    /** Per held-out speaker and emotion, up to four clips, each spliced at every start into that speaker's background speech. */
    static List<Composite> composites(List<Example> examples, List<String> labels, String background, long seed) {
        Random random = new Random(seed);
        Map<String, List<Example>> bySpeaker = new TreeMap<>();
        examples.forEach(e -> bySpeaker.computeIfAbsent(e.clip().speaker(), k -> new ArrayList<>()).add(e));
        int rate = AudioDecoder.SAMPLE_RATE;
        int total = (int) Math.round(UTTERANCE_S * rate);
        int segment = (int) Math.round(SEGMENT_S * rate);
        List<Composite> out = new ArrayList<>();
        for (var speaker : bySpeaker.entrySet()) {
            List<Example> neutral = new ArrayList<>(speaker.getValue().stream()
                    .filter(e -> labels.get(e.label()).equals(background)).toList());
            Collections.shuffle(neutral, random);
            float[] pool = concatenate(neutral);
            if (pool.length < total) {
                continue;
            }
            Map<String, List<Example>> byEmotion = new TreeMap<>();
            speaker.getValue().stream().filter(e -> !labels.get(e.label()).equals(background) && e.speech().length >= segment)
                    .forEach(e -> byEmotion.computeIfAbsent(labels.get(e.label()), k -> new ArrayList<>()).add(e));
            for (var emotion : byEmotion.entrySet()) {
                List<Example> clips = new ArrayList<>(emotion.getValue());
                Collections.shuffle(clips, random);
                for (Example clip : clips.subList(0, Math.min(CLIPS_PER_SPEAKER_AND_EMOTION, clips.size()))) {
                    for (double startS : STARTS_S) {
                        int start = (int) Math.round(startS * rate);
                        float[] speech = new float[total];
                        int from = random.nextInt(pool.length - (total - segment) + 1);
                        System.arraycopy(pool, from, speech, 0, start);
                        System.arraycopy(clip.speech(), (clip.speech().length - segment) / 2, speech, start, segment);
                        System.arraycopy(pool, from + start, speech, start + segment, total - start - segment);
                        out.add(new Composite(speaker.getKey(), emotion.getKey(), startS, startS + SEGMENT_S, speech));
                    }
                }
            }
        }
        return out;
    }

    static Figures measure(Recognizer recognizer, List<Composite> composites) {
        double top = 0;
        double byEmotion = 0;
        double anyProposal = 0;
        double chance = 0;
        double inside = 0;
        double chanceInside = 0;
        int hits = 0;
        int recalled = 0;
        Map<String, double[]> byStart = new TreeMap<>();
        for (Composite c : composites) {
            var recognition = recognizer.recognize(List.of(recognizer.prepare(c.speech(), 0, UTTERANCE_S))).get(0);
            List<Recognizer.Region> proposals = recognition.regions().subList(1, recognition.regions().size());
            if (proposals.isEmpty()) {
                throw new IllegalArgumentException("the model proposes no regions: localization needs the RCNN-BLSTM");
            }
            Recognizer.Region best = proposals.get(0);
            Recognizer.Region bestOfEmotion = null;
            double sum = 0;
            for (Recognizer.Region r : proposals) {
                best = r.confidence() > best.confidence() ? r : best;
                if (r.emotion().equals(c.emotion()) && (bestOfEmotion == null || r.confidence() > bestOfEmotion.confidence())) {
                    bestOfEmotion = r;
                }
                sum += iou(r.startS(), r.endS(), c.startS(), c.endS());
            }
            double topIou = iou(best.startS(), best.endS(), c.startS(), c.endS());
            top += topIou;
            hits += topIou >= 0.5 ? 1 : 0;
            byEmotion += bestOfEmotion == null ? 0 : iou(bestOfEmotion.startS(), bestOfEmotion.endS(), c.startS(), c.endS());
            anyProposal += sum / proposals.size();
            chance += chance(best.endS() - best.startS(), c.startS(), c.endS(), Localization::iou);
            inside += inside(best.startS(), best.endS(), c.startS(), c.endS());
            chanceInside += chance(best.endS() - best.startS(), c.startS(), c.endS(), Localization::inside);
            recalled += recognition.emotion().equals(c.emotion()) ? 1 : 0;
            double[] s = byStart.computeIfAbsent(String.format("%.1f", c.startS()), k -> new double[2]);
            s[0] += topIou;
            s[1]++;
        }
        int n = composites.size();
        Map<String, Double> topByStart = new LinkedHashMap<>();
        byStart.forEach((start, s) -> topByStart.put(start, s[0] / s[1]));
        return new Figures(n, top / n, byEmotion / n, anyProposal / n, chance / n, inside / n, chanceInside / n, hits / (double) n, recalled / (double) n,
                topByStart);
    }

    /** Intersection over union of two intervals. */
    static double iou(double a0, double a1, double b0, double b1) {
        double inter = Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
        double union = (a1 - a0) + (b1 - b0) - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /** The share of [a0, a1] inside [b0, b1]. */
    static double inside(double a0, double a1, double b0, double b1) {
        double inter = Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
        return a1 <= a0 ? 0 : inter / (a1 - a0);
    }

    interface Overlap {
        double of(double a0, double a1, double b0, double b1);
    }

    /** Mean overlap with [b0, b1] of an interval of {@code length} whose start is uniform over the utterance (midpoint rule, 1,000 steps). */
    static double chance(double length, double b0, double b1, Overlap overlap) {
        double room = Math.max(0, UTTERANCE_S - length);
        if (room == 0) {
            return overlap.of(0, UTTERANCE_S, b0, b1);
        }
        int steps = 1000;
        double sum = 0;
        for (int i = 0; i < steps; i++) {
            double start = (i + 0.5) / steps * room;
            sum += overlap.of(start, start + length, b0, b1);
        }
        return sum / steps;
    }

    private static float[] concatenate(List<Example> examples) {
        float[] all = new float[examples.stream().mapToInt(e -> e.speech().length).sum()];
        int at = 0;
        for (Example e : examples) {
            System.arraycopy(e.speech(), 0, all, at, e.speech().length);
            at += e.speech().length;
        }
        return all;
    }
}
