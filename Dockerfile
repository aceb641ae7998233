# makemore4j in a container.
#
#   mvn -B package                       # on the host: writes target/makemore4j.jar
#   docker build -t makemore4j .         # copies that jar; nothing is downloaded here
#   mkdir -p checkpoints
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD/checkpoints:/app/checkpoints" makemore4j train
#
# Base image. eclipse-temurin:17-jre (Ubuntu) has Java at /opt/java/openjdk with `java` on PATH,
# and its Dockerfile (github.com/adoptium/containers, 17/jre/ubuntu/*/Dockerfile) installs
# `fontconfig` for AWT. Ubuntu's fontconfig-config depends on `fonts-dejavu-core | ...`, so the
# image already has fontconfig and the DejaVu fonts that headless loss.png plotting needs
# (without them the JVM dies with "Fontconfig head is null"). This Dockerfile therefore installs
# nothing: it needs only `java` on PATH, fontconfig with one font, and /bin/sh for the one RUN.
FROM eclipse-temurin:17-jre

# OMP_NUM_THREADS=1: ND4J's native ops are faster single-threaded for these small models, and it
# keeps a container from oversubscribing a shared host; OMP_WAIT_POLICY=PASSIVE: OpenMP's threads
# sleep between parallel regions instead of spinning (with train.replicas the spinning made two
# replicas slower than one: BENCHMARKS.md, "Multi-core"). MALLOC_MMAP_THRESHOLD_/MALLOC_TRIM_THRESHOLD_:
# glibc's thresholds fixed, as bin/makemore4j sets them (freed ND4J arrays do not stay resident:
# BENCHMARKS.md, "Scale"). HOME=/tmp: a writable home for any uid
# passed with --user (Java and fontconfig write small caches there).
# LANG/LC_ALL: a UTF-8 locale, so that the JVM decodes non-ASCII arguments (--prefix ñ) correctly
# (it uses the locale's charset for the command line, whatever -D options say) and prints UTF-8.
ENV OMP_NUM_THREADS=1 \
    OMP_WAIT_POLICY=PASSIVE \
    MALLOC_MMAP_THRESHOLD_=4194304 \
    MALLOC_TRIM_THRESHOLD_=67108864 \
    HOME=/tmp \
    LANG=C.UTF-8 \
    LC_ALL=C.UTF-8

WORKDIR /app

# /app/checkpoints is where runs are written; a host directory is normally mounted over it.
# Mode 1777 (like /tmp) so that any uid can write to it when nothing is mounted.
RUN mkdir -p /app/checkpoints && chmod 1777 /app/checkpoints

# Least often changed first, so rebuilds after a code change reuse the data and config layers.
# config/ is baked in; mount a host copy over /app/config to edit YAML without rebuilding.
COPY datasets/names.txt /app/datasets/names.txt
COPY config/ /app/config/
COPY target/makemore4j.jar /app/makemore4j.jar

# Non-root by default; any other uid works too (docker run --user "$(id -u):$(id -g)").
USER 10001:10001

# JVM settings. ND4J frees an array's native memory only after the garbage collector has found the
# Java object unreachable, and these models make little Java garbage, so without a periodic GC the
# native memory of finished arrays piles up (RSS above 2 GB while evaluating config/wavenet.yaml).
# A G1 collection every 500 ms when none ran otherwise, with a 768 MiB heap and 256 MiB of direct
# buffers, keeps the process near 1 GB of RSS (BENCHMARKS.md, "Container").
# JavaCPP extracts ND4J's native libraries (~460 MB) into a cache under /tmp on every start (any
# uid can write there); they are not extracted into the image, which would add ~460 MB to it.
# Override a setting with -e _JAVA_OPTIONS="-Xmx4g" (those options take precedence).
ENTRYPOINT ["java", \
            "-XX:+UseG1GC", \
            "-XX:G1PeriodicGCInterval=500", \
            "-Xmx768m", \
            "-XX:MaxDirectMemorySize=256m", \
            "-Djava.awt.headless=true", \
            "-Dorg.bytedeco.javacpp.cachedir=/tmp/.javacpp", \
            "-Dfile.encoding=UTF-8", \
            "-Dsun.stdout.encoding=UTF-8", \
            "-Dsun.stderr.encoding=UTF-8", \
            "-jar", "/app/makemore4j.jar"]
CMD ["--help"]
