import ArgumentParser
import FazhiKit
import FazhiReports
import FazhiStore
import Foundation

struct UnitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "units",
        abstract: "评估对象: import units (市 → 县区 → 部门/乡镇) from evidence files, list them.",
        discussion: "EXAMPLES:\n  fazhi units import examples/guyuan-region-2023.yaml\n  fazhi units list --under guyuan",
        subcommands: [Import.self, List.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add or update the units of evidence files (their unit: id, name, level, parent, attributes).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Evidence or unit files (YAML; several documents make a batch).")
        var files: [String]

        func run() throws {
            let summary = try store.run { try $0.importUnits(files.map(EvidenceSource.file), by: store.actor) }
            try Output.print("units: \(summary.added.count) added, \(summary.changed.count) changed, \(summary.unchanged.count) unchanged")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The units, or those under one unit (itself included).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var listing: ListingOptions
        @Option(help: "Only this unit and the units under it.")
        var under: String?

        func run() throws {
            let units = try store.run { try $0.units(under: under) }
            try listing.emit(units, headers: ["单位编号", "名称", "层级", "上级", "属性"], rows: units.map {
                [$0.id, $0.name, $0.level ?? "", $0.parentID ?? $0.parentName.map { "（\($0)）" } ?? "",
                 $0.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")]
            })
        }
    }
}

