package io.sentimentstreams.app;

/**
 * Settings for ND4J's native code that must be in place before it loads: without a cap on physical bytes,
 * JavaCPP checks memory on every allocation, which makes each ND4J call 2-3 times slower.
 */
final class Native {

    private Native() {
    }

    static void configure() {
        setIfAbsent("org.bytedeco.javacpp.maxphysicalbytes", "0");
        setIfAbsent("org.bytedeco.javacpp.maxbytes", "0");
    }

    private static void setIfAbsent(final String key, final String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
