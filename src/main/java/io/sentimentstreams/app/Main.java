package io.sentimentstreams.app;

public final class Main {
    public static void main(final String[] args) {
        System.out.println(org.nd4j.linalg.factory.Nd4j.create(new float[] {1, 2, 3}).sumNumber());
    }
}
