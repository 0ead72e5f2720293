package ser.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

/**
 * Every launch record against the kernel it launches, read from the CUDA source: the same parameters, in the same
 * order, of the same C type and name. A record that drifts from its kernel fails here, on a machine without a GPU.
 */
class LaunchArgsTest {
    /** The CUDA sources: one folder per op, included by ser_kernels.cu. */
    private static final Path SOURCE = Path.of("src/main/cuda");
    private static final Pattern KERNEL = Pattern.compile(
            "extern \"C\" __global__ void(?:\\s+__launch_bounds__\\([^)]*\\))?\\s+(\\w+)\\(([^)]*)\\)", Pattern.DOTALL);

    /** A C parameter: its name and what kind of value it takes. */
    private record Parameter(String name, String kind) {
    }

    @Test
    void everyLaunchRecordMirrorsItsKernelsSignature() throws IOException {
        StringBuilder sources = new StringBuilder();
        try (var files = Files.walk(SOURCE)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".cu") || f.toString().endsWith(".cuh")).sorted().toList()) {
                sources.append(Files.readString(file)).append('\n');
            }
        }
        Map<String, List<Parameter>> kernels = kernels(sources.toString());
        assertEquals(4, kernels.size(), "kernels in " + SOURCE + ": " + kernels.keySet());
        Pointer table = null; // the by-value table's bytes; only the component's type matters here
        List<LaunchArgs> launches = List.of(
                new LaunchArgs.LogMelFrames(1, table, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12f, 13, 14),
                new LaunchArgs.LogMelNormalize(1, table, 2, 3, 4),
                new LaunchArgs.RoiAlignForward(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14f, 15, 16),
                new LaunchArgs.RoiAlignBackward(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11f, 12, 13));
        for (LaunchArgs launch : launches) {
            List<Parameter> c = kernels.get(launch.kernel());
            assertTrue(c != null, launch.kernel() + " is not in " + SOURCE);
            RecordComponent[] java = launch.getClass().getRecordComponents();
            assertEquals(c.size(), java.length, launch.kernel() + ": parameters");
            for (int i = 0; i < java.length; i++) {
                String where = launch.kernel() + " parameter " + i + " (" + c.get(i).name() + ")";
                assertEquals(c.get(i).name().replace("_", "").toLowerCase(Locale.ROOT), java[i].getName().toLowerCase(Locale.ROOT), where);
                assertEquals(c.get(i).kind(), kind(java[i].getType()), where);
            }
            Object[] values = launch.values();
            assertEquals(java.length, values.length);
            assertEquals(1L, ((Number) values[0]).longValue(), "values come in declaration order");
        }
    }

    private static String kind(Class<?> type) {
        if (type == long.class) {
            return "8 bytes";
        }
        if (type == int.class) {
            return "int";
        }
        if (type == float.class) {
            return "float";
        }
        return Pointer.class.isAssignableFrom(type) ? "struct" : type.getName();
    }

    private static Map<String, List<Parameter>> kernels(String source) {
        Map<String, List<Parameter>> kernels = new HashMap<>();
        Matcher m = KERNEL.matcher(source);
        while (m.find()) {
            List<Parameter> parameters = new ArrayList<>();
            for (String declaration : m.group(2).split(",")) {
                String d = declaration.replace("__restrict__", " ").replace("__grid_constant__", " ").replace("const ", " ")
                        .replaceAll("\\s+", " ").trim();
                String name = d.substring(d.lastIndexOf(' ') + 1);
                String type = d.substring(0, d.lastIndexOf(' ')).trim();
                String kind = type.endsWith("*") || type.equals("long long") ? "8 bytes"
                        : type.equals("int") ? "int" : type.equals("float") ? "float" : "struct";
                parameters.add(new Parameter(name, kind));
            }
            kernels.put(m.group(1), parameters);
        }
        return kernels;
    }
}
