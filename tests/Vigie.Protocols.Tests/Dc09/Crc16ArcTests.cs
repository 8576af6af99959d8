using System.Text;
using Vigie.Protocols.Dc09;

namespace Vigie.Protocols.Tests.Dc09;

public class Crc16ArcTests
{
    [Fact]
    public void Check_value_of_123456789_is_BB3D() =>
        Assert.Equal(0xBB3D, Crc16Arc.Compute("123456789"u8));

    [Fact]
    public void Empty_input_gives_zero() => Assert.Equal(0, Crc16Arc.Compute([]));

    // Source: fioletoven/dc09 common/src/dc09/message.tests.rs to_string_test (vectors file, section B).
    [Fact]
    public void Published_frame_crc_matches() =>
        Assert.Equal(0xF4D2, Crc16Arc.Compute(Encoding.ASCII.GetBytes("\"SIA-DCS\"0001RF3L77#1234[#1234|NRR|Atest]")));
}
