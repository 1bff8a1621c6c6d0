import FazhiKit
import Foundation
import Testing

/// The folders ruleset ids and the catalog are looked up in: given folders or the environment's, the
/// installed share folder beside the executable, then ./rulesets.
struct SearchPathTests {
    @Test func givenThenEnvironmentThenRulesets() {
        #expect(Workspace.searchPath(given: [], environment: nil, executable: nil) == ["rulesets"])
        #expect(Workspace.searchPath(given: [], environment: "/a:/b::", executable: nil) == ["/a", "/b", "rulesets"])
        // Given folders (repeated or `:`-separated) replace the environment's.
        #expect(Workspace.searchPath(given: ["/a:/b", "/c"], environment: "/d", executable: nil) == ["/a", "/b", "/c", "rulesets"])
        // A folder named twice is looked in once.
        #expect(Workspace.searchPath(given: ["rulesets", "./rulesets/", "/a", "/a/"], environment: nil, executable: nil) == ["rulesets", "/a"])
    }

    @Test func theInstalledShareFolderWhenItExists() throws {
        let prefix = NSTemporaryDirectory() + "fazhi-prefix-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        let executable = prefix + "/bin/fazhi"
        #expect(Workspace.installedRulesets(executable: executable) == prefix + "/share/fazhi/rulesets")
        #expect(Workspace.searchPath(given: [], environment: nil, executable: executable) == ["rulesets"])
        try FileManager.default.createDirectory(atPath: prefix + "/share/fazhi/rulesets", withIntermediateDirectories: true)
        #expect(Workspace.searchPath(given: ["/a"], environment: nil, executable: executable) == ["/a", prefix + "/share/fazhi/rulesets", "rulesets"])
        // Through a symbolic link to the executable (a PATH folder linking to the install): the real one's prefix.
        try FileManager.default.createDirectory(atPath: prefix + "/bin", withIntermediateDirectories: true)
        try #require(FileManager.default.createFile(atPath: executable, contents: Data()))
        try FileManager.default.createDirectory(atPath: prefix + "/links", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: prefix + "/links/fazhi", withDestinationPath: executable)
        #expect(Workspace.installedRulesets(executable: prefix + "/links/fazhi") == prefix + "/share/fazhi/rulesets")
    }

    /// The catalog beside a ruleset given by path comes first; an id is found on the path.
    @Test func theCatalogBesideTheRuleset() throws {
        let folder = NSTemporaryDirectory() + "fazhi-own-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "fazhi: 1\nmetrics:\n  - { id: own_rate, name: 自有比率, unit: percent, direction: higher }\n"
            .write(toFile: folder + "/metrics.yaml", atomically: true, encoding: .utf8)
        try """
            fazhi: 1
            id: own
            title: 自有
            jurisdiction: { name: 测试县, level: county }
            issuer: 测试县人民政府
            period: 2024
            source: { file: own.txt }
            groups:
              - { id: g1, title: 第一组, indicators: [{ id: o-1, text: 自有比率达到90%, kind: rate_at_least, metric: own_rate, min: 90% }] }
            """.write(toFile: folder + "/own.yaml", atomically: true, encoding: .utf8)
        let bundled = Workspace(searchPath: [root + "/rulesets"])
        #expect(try bundled.plan(folder + "/own.yaml").catalog["own_rate"] != nil)
        let both = Workspace(searchPath: [root + "/rulesets", folder])
        #expect(try both.plan("own").catalog["own_rate"] != nil)
        #expect(try both.plan("zhongwei-2022-points").catalog["own_rate"] == nil)
    }
}
