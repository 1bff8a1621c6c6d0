@testable import FazhiExtract
import Testing

struct ChineseNumeralTests {
    @Test(arguments: [
        ("一", "1"), ("两", "2"), ("十", "10"), ("十二", "12"), ("三十九", "39"), ("一百二十", "120"), ("一百零五", "105"),
        ("一百十", "110"), ("两千三百", "2300"), ("一万二千", "12000"), ("十万", "100000"), ("三亿", "300000000"),
        ("二〇二三", "2023"), ("百", "100"), ("九十五点五", "95.5"), ("零点五", "0.5"),
    ])
    func reads(_ text: String, _ expected: String) {
        let value = ChineseNumeral.value(Array(text.unicodeScalars)[...])
        #expect(value.map { FixedPoint(raw: $0).description } == expected)
    }

    @Test(arguments: ["", "点五", "五点", "两两", "个", "一亿亿亿亿", "九千九百亿亿"])
    func refuses(_ text: String) {
        #expect(ChineseNumeral.value(Array(text.unicodeScalars)[...]) == nil)
    }
}

import FazhiBase
