package example;

import java.nio.file.Path;
import ser.api.EmotionRecognizer;
import ser.api.Result;

/** Prints the emotion ser hears in each file given: the whole of an application that embeds it. */
public final class Embed {
    public static void main(String[] args) throws Exception {
        try (EmotionRecognizer ser = EmotionRecognizer.builder().build()) { // the shipped model, on the best device
            for (String file : args) {
                Result result = ser.recognize(Path.of(file));
                if (result instanceof Result.Recognized r) {
                    System.out.printf("%s: %s %.2f (%s, %.2f s)%n", file, r.emotion(), r.confidence(),
                            r.decision().name().toLowerCase(), r.durationS());
                } else if (result instanceof Result.Failed f) {
                    System.out.printf("%s: %s %s%n", file, f.code(), f.message());
                }
            }
        }
    }
}
