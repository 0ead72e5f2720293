/** An application module: it reads ser.engine, whose only readable package is ser.api. */
module example.embed {
    requires ser.engine;
}
