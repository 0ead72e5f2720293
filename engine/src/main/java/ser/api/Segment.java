package ser.api;

/** A stretch of the input, in seconds from its start, and what the model hears in it. */
public record Segment(double startS, double endS, String emotion, double confidence) {
}
