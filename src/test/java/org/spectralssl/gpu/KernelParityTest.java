package org.spectralssl.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aparapi.Kernel;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every OpenCL kernel has a CPU twin and passes its parity cases on the OpenCL device, counted:
 * a kernel class that is not in {@link GpuKernel}, a constant without a twin in {@link CpuTwins},
 * or a constant whose parity cases did not all run on OpenCL fails this test.
 */
class KernelParityTest {
    private static final Path GPU = Path.of("src/main/java/org/spectralssl/gpu");
    private static final Pattern KERNEL = Pattern.compile("class\\s+(\\w+)\\s+extends\\s+Kernel\\b");

    @Test
    void everyKernelClassIsRegistered() throws IOException {
        Set<String> declared = new TreeSet<>();
        try (Stream<Path> files = Files.list(GPU)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = KERNEL.matcher(Files.readString(f));
                while (m.find()) {
                    declared.add(m.group(1));
                }
            }
        }
        Set<String> registered = Arrays.stream(GpuKernel.values()).map(k -> k.kernelClass().getSimpleName())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(declared, registered, "kernel classes in src/main/java/org/spectralssl/gpu vs GpuKernel");
        assertEquals(5, registered.size(), "the kernels this suite knows: GEMM f64/f32, Gram, axpby, probe");
    }

    @Test
    void everyKernelHasOneTwin() {
        List<Method> twins = Arrays.stream(CpuTwins.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers())).toList();
        assertEquals(GpuKernel.values().length, twins.size(), "twins and kernels pair up one to one");
        for (GpuKernel k : GpuKernel.values()) {
            Class<?> array = k.dtype() == DType.F32 ? float[].class : double[].class;
            long matches = twins.stream().filter(m -> m.getName().equals(k.twin())
                    && Arrays.asList(m.getParameterTypes()).contains(array)).count();
            assertEquals(1, matches, k + " needs exactly one twin CpuTwins." + k.twin() + " on " + array.getSimpleName());
            // The device exposes the kernel with the twin's signature, so the two are called alike.
            Method twin = twins.stream().filter(m -> m.getName().equals(k.twin())
                    && Arrays.asList(m.getParameterTypes()).contains(array)).findFirst().orElseThrow();
            try {
                OpenClDevice.class.getMethod(twin.getName(), twin.getParameterTypes());
            } catch (NoSuchMethodException e) {
                throw new AssertionError("OpenClDevice has no " + twin.getName() + " with the twin's signature", e);
            }
            assertTrue(Kernel.class.isAssignableFrom(k.kernelClass()));
        }
    }

    @Test
    void everyKernelMatchesItsTwinOnOpenCl() {
        OpenClDevice dev = OpenClTestDevice.get();
        int checked = 0;
        StringBuilder failures = new StringBuilder();
        for (GpuKernel k : GpuKernel.values()) {
            long before = dev.launches().getOrDefault(k, 0L);
            List<ParityCheck.Case> cases = ParityCheck.run(dev, k);
            assertFalse(cases.isEmpty(), k + " has no parity cases");
            for (ParityCheck.Case c : cases) {
                System.out.println("[parity] " + c.line());
                if (!c.passes()) {
                    failures.append(c.line()).append('\n');
                }
            }
            long ran = dev.launches().getOrDefault(k, 0L) - before;
            assertEquals(cases.size(), ran, k + ": every case is one launch proven to have run on OpenCL");
            checked++;
        }
        assertEquals("", failures.toString(), "parity failures");
        assertEquals(GpuKernel.values().length, checked, "every kernel checked");
    }
}
