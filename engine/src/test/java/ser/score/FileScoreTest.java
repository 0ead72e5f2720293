package ser.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ser.audio.SpeechSpan;
import ser.audio.SpeechWindows;
import ser.data.LabelSet;
import ser.model.Recognizer;

class FileScoreTest {
    private static Recognizer.Recognition sure(String emotion, double confidence) {
        Map<String, Double> scores = new LinkedHashMap<>();
        for (String label : LabelSet.SIX.labels()) {
            scores.put(label, label.equals(emotion) ? confidence : (1 - confidence) / 5);
        }
        return new Recognizer.Recognition(emotion, confidence, scores, List.of(), new float[] {(float) confidence});
    }

    @Test
    void windowsOfAPauseDoNotVoteNorAppearInTheTimeline() {
        // angry speech, 30 s of silence heard as disgust, angry speech: 2 voiced windows against 20 of the pause
        FileScore file = new FileScore("angry-with-a-pause.wav", LabelSet.SIX.labels(), "m");
        int windows = 22;
        for (int i = 0; i < windows; i++) {
            boolean speech = i == 0 || i == windows - 1;
            file.add(i, 1.5 * i, 1.5 * i + 3, speech ? 0.9 : 0.0, speech ? sure("angry", 0.6) : sure("disgust", 0.9));
        }
        file.end(new SpeechWindows.Cut(35, new SpeechSpan(0, 35 * 16_000), true, windows, null));
        ScoreRow row = file.takeRowIfComplete();
        assertEquals("angry", row.emotion());
        assertEquals(0.6, row.confidence(), 1e-9, "the voiced windows' scores alone");
        assertEquals(List.of(0.0, 31.5), row.regions().stream().map(Recognizer.Region::startS).toList());
        assertArrayEquals(new float[] {0.6f}, file.embedding(), 1e-6f, "the embedding is weighted as the scores are");
    }

    @Test
    void aFileWhoseWindowsAreAllUnvoicedFallsBackToWeightingThemByLength() {
        FileScore file = new FileScore("hum.wav", LabelSet.SIX.labels(), "m");
        file.add(0, 0, 3, 0, sure("sad", 0.5));
        file.add(1, 1.5, 4.5, 0, sure("sad", 0.7));
        file.end(new SpeechWindows.Cut(4.5, new SpeechSpan(0, 72_000), true, 2, null));
        ScoreRow row = file.takeRowIfComplete();
        assertEquals("sad", row.emotion());
        assertEquals(0.6, row.confidence(), 1e-9);
        assertEquals(2, row.regions().size());
    }
}
