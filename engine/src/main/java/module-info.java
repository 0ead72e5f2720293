/**
 * The recognizer a JVM application embeds: {@link ser.api.EmotionRecognizer} and its results. On the module
 * path only {@code ser.api} is readable; the stages behind it (decoding, features, the network, scoring) are
 * internal and change without notice. Jackson reads and writes their configuration records, so it may
 * reflect on them.
 */
module ser.engine {
    requires ser.kernels;
    requires JTransforms;
    requires org.bytedeco.javacpp;
    requires org.bytedeco.ffmpeg;
    requires org.bytedeco.pytorch;
    requires org.bytedeco.cuda;
    requires com.fasterxml.jackson.annotation;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.csv;
    requires org.apache.commons.compress;
    requires org.slf4j;

    exports ser.api;

    opens ser.audio to com.fasterxml.jackson.databind;
    opens ser.data to com.fasterxml.jackson.databind;
    opens ser.features to com.fasterxml.jackson.databind;
    opens ser.io to com.fasterxml.jackson.databind;
    opens ser.model to com.fasterxml.jackson.databind;
    opens ser.score to com.fasterxml.jackson.databind;
    opens ser.synth to com.fasterxml.jackson.databind;
}
