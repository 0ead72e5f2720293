package ser.io;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** One JSON style for every file and row the project writes: snake_case, nulls kept, NaN as null, pretty files. */
public final class JsonFiles {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(finiteNumbers())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.ALWAYS)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private JsonFiles() {
    }

    /**
     * A number that does not exist (NaN, an infinity) is written as null: JSON has no NaN, and "NaN" strings break
     * parsers; also in float and in arrays. Small numbers are written without an exponent ({@link Numbers#plain}).
     */
    private static SimpleModule finiteNumbers() {
        JsonSerializer<Number> finite = new JsonSerializer<>() {
            @Override
            public void serialize(Number value, JsonGenerator out, SerializerProvider provider) throws IOException {
                write(value == null ? Double.NaN : value.doubleValue(), value instanceof Float, out);
            }
        };
        JsonSerializer<double[]> doubles = new JsonSerializer<>() {
            @Override
            public void serialize(double[] values, JsonGenerator out, SerializerProvider provider) throws IOException {
                array(values.length, i -> values[i], false, out);
            }
        };
        JsonSerializer<float[]> floats = new JsonSerializer<>() {
            @Override
            public void serialize(float[] values, JsonGenerator out, SerializerProvider provider) throws IOException {
                array(values.length, i -> values[i], true, out);
            }
        };
        return new SimpleModule("finite-numbers")
                .addSerializer(Double.class, finite).addSerializer(double.class, finite)
                .addSerializer(Float.class, finite).addSerializer(float.class, finite)
                .addSerializer(double[].class, doubles).addSerializer(float[].class, floats);
    }

    private static void array(int length, java.util.function.IntToDoubleFunction value, boolean isFloat, JsonGenerator out)
            throws IOException {
        out.writeStartArray();
        for (int i = 0; i < length; i++) {
            write(value.applyAsDouble(i), isFloat, out);
        }
        out.writeEndArray();
    }

    /** A float is written by its own shortest text (0.1f as 0.1, not 0.10000000149011612). */
    private static void write(double value, boolean isFloat, JsonGenerator out) throws IOException {
        if (!Double.isFinite(value)) {
            out.writeNull();
        } else {
            out.writeNumber(Numbers.plain(isFloat ? Double.parseDouble(Float.toString((float) value)) : value));
        }
    }

    /** Writes {@code value} as indented JSON, atomically. */
    public static void write(Path file, Object value) throws IOException {
        byte[] bytes = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /**
     * The fields of {@code now} (but {@code ignored}) whose value differs from {@code recorded}'s, each as
     * "field RECORDED there, NOW now": what a resume refuses to mix.
     */
    /** Numbers compare by value: a long read back from a file is an int node, and 1.0 is 1. */
    private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    public static List<String> differences(JsonNode recorded, JsonNode now, Set<String> ignored) {
        List<String> differences = new ArrayList<>();
        now.fieldNames().forEachRemaining(field -> {
            if (!ignored.contains(field) && (!recorded.has(field) || !now.get(field).equals(SAME_VALUE, recorded.get(field)))) {
                differences.add(field + " " + (recorded.has(field) ? recorded.get(field) : "(not recorded)") + " there, "
                        + now.get(field) + " now");
            }
        });
        return differences;
    }

    public static <T> T read(Path file, Class<T> type) throws IOException {
        return MAPPER.readValue(file.toFile(), type);
    }
}
