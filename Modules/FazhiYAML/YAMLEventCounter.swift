public import FazhiBase
internal import CLibYAML

/// Runs libyaml's event loop over a file and counts the events, building nothing.
///
/// This is the floor for any loader on libyaml: the benchmark compares `YAMLParser`'s tree building
/// against it. No UTF-8 pre-check, no strings, no marks: only `yaml_parser_parse` and `yaml_event_delete`.
public enum YAMLEventCounter {
    /// The number of events in the stream (stream and document start/end included).
    public static func count(_ source: SourceFile) throws(Diagnostic) -> Int {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) != 0 else {
            throw Diagnostic.error("libyaml could not start (out of memory)", at: nil)
        }
        defer { yaml_parser_delete(parser) }
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, source.bytes.baseAddress, source.bytes.count)
        var event = yaml_event_t()
        var count = 0
        while true {
            guard yaml_parser_parse(parser, &event) != 0 else {
                throw LibYAMLError.diagnostic(parser, source: source)
            }
            count += 1
            let done = event.type == YAML_STREAM_END_EVENT
            yaml_event_delete(&event)
            if done { return count }
        }
    }
}
