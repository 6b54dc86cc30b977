import PropertyBased
import Taxiway
import Testing

/// Page requests built from any integers: valid ones are accepted, the rest refused with `IllegalArgument`.
@Suite("Page requests from arbitrary input")
struct PageRequestPropertyTests {
    @Test("any limit and offset is accepted or refused, never trapped")
    func anyLimitAndOffset() async {
        await propertyCheck(count: 500, input: Gen.int(in: Int.min...Int.max), Gen.int(in: Int.min...Int.max)) { limit, offset in
            do {
                let request = try PageRequest(limit: limit, offset: offset)
                #expect((1...PageRequest.defaultMaximumLimit).contains(request.limit))
                #expect(request.offset >= 0)
            } catch {
                #expect(error is IllegalArgument)
            }
        }
    }
}
