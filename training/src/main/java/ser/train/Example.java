package ser.train;

import ser.data.Clip;

/** One labelled utterance held in memory: its trimmed, standardized speech and class index. */
public record Example(Clip clip, float[] speech, int label) {
}
