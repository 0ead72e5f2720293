package ser.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ser.audio.AudioDecodeException;
import ser.audio.SpeechLoader;
import ser.audio.VadConfig;
import ser.data.Clip;
import ser.data.LabelSet;

/**
 * Labelled clips decoded, trimmed and standardized in parallel. A clip that cannot be decoded is
 * skipped and counted with its reason; it never stops the run.
 */
public record TrainingData(List<Example> examples, Map<String, String> failures) {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingData.class);

    public static TrainingData load(List<Clip> clips, LabelSet labels, VadConfig vad) {
        var loader = new SpeechLoader(vad);
        List<Example> examples = Collections.synchronizedList(new ArrayList<>());
        Map<String, String> failures = Collections.synchronizedMap(new TreeMap<>());
        clips.parallelStream().forEach(clip -> {
            try {
                examples.add(new Example(clip, loader.load(clip.path()).samples(), labels.indexOf(clip.label())));
            } catch (AudioDecodeException e) {
                failures.put(clip.path().toString(), e.reason());
            }
        });
        List<Example> ordered = new ArrayList<>(examples);
        ordered.sort((a, b) -> a.clip().path().compareTo(b.clip().path()));
        if (!failures.isEmpty()) {
            LOG.warn("skipped {} clips that could not be read, e.g. {}", failures.size(), failures.entrySet().iterator().next());
        }
        return new TrainingData(List.copyOf(ordered), Map.copyOf(failures));
    }
}
