package ser.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The published JSON Schema of a score row, which every row the tests read must satisfy. */
final class RowSchema {
    private static final JsonSchema SCHEMA = load();

    private RowSchema() {
    }

    private static JsonSchema load() {
        Path file = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."), "docs/schema/score-row.schema.json");
        if (!Files.isRegularFile(file)) {
            file = Path.of("../docs/schema/score-row.schema.json");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode valid(JsonNode row) {
        var errors = SCHEMA.validate(row);
        assertTrue(errors.isEmpty(), "row breaks docs/schema/score-row.schema.json: " + errors + "\n" + row);
        return row;
    }
}
