using Growbin.Csv;

namespace Growbin.Csv.Tests;

public sealed class CsvParserTests
{
    private static List<string[]> Fields(string text) => CsvParser.Parse(text).Select(r => r.Fields.ToArray()).ToList();

    [Fact]
    public void Quoted_fields_keep_commas_doubled_quotes_and_line_breaks()
    {
        var records = Fields("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"one\r\ntwo\nthree\"\n");

        records.Should().HaveCount(2);
        records[1].Should().Equal("x, y", "say \"hi\"", "one\r\ntwo\nthree");
    }

    [Theory]
    [InlineData("a,b\r\n1,2\r\n3,4\r\n")]
    [InlineData("a,b\n1,2\n3,4\n")]
    [InlineData("a,b\r1,2\r3,4\r")]
    [InlineData("a,b\r\n1,2\n3,4")]
    public void CRLF_LF_and_CR_all_end_records_with_or_without_a_final_line_break(string text)
    {
        var records = CsvParser.Parse(text).ToList();

        records.Select(r => r.Fields.ToArray()).Should().BeEquivalentTo(
            new[] { new[] { "a", "b" }, new[] { "1", "2" }, new[] { "3", "4" } }, o => o.WithStrictOrdering());
        records.Select(r => r.Line).Should().Equal(1, 2, 3);
    }

    [Fact]
    public void A_record_starts_on_the_line_after_the_line_breaks_inside_the_previous_ones_quotes()
    {
        var records = CsvParser.Parse("h1,h2\n\"multi\nline\r\nvalue\",x\nnext,y\r\n\"a\rb\",z\nlast,w").ToList();

        records.Select(r => r.Line).Should().Equal(1, 2, 5, 6, 8);
        records[1].Fields.Should().Equal("multi\nline\r\nvalue", "x");
        records[3].Fields.Should().Equal("a\rb", "z");
    }

    [Fact]
    public void Empty_fields_and_a_trailing_comma_are_empty_strings()
    {
        Fields("a,,c,\n,,,\n").Should().BeEquivalentTo(
            new[] { new[] { "a", "", "c", "" }, new[] { "", "", "", "" } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Blank_lines_are_not_records_but_a_quoted_empty_field_is()
    {
        var records = CsvParser.Parse("a\n\n\r\nb\n\"\"\n").ToList();

        records.Select(r => r.Fields.Single()).Should().Equal("a", "b", "");
        records.Select(r => r.Line).Should().Equal(1, 4, 5);
    }

    [Fact]
    public void A_quote_inside_an_unquoted_field_and_text_after_a_closing_quote_are_kept()
    {
        Fields("5\" 모니터,\"ab\"cd,e\"f\"\n").Single().Should().Equal("5\" 모니터", "abcd", "e\"f\"");
    }

    [Fact]
    public void Spaces_around_fields_are_data_and_a_quote_after_a_space_does_not_open_quoting()
    {
        Fields(" a , \"b\" \n").Single().Should().Equal(" a ", " \"b\" ");
    }

    [Fact]
    public void A_quoted_field_never_closed_is_an_error_naming_the_line_it_starts_on()
    {
        var parse = () => CsvParser.Parse("a,b\n1,2\n3,\"open\n4,5\n").ToList();

        parse.Should().Throw<CsvFormatException>().Which.Line.Should().Be(3);
    }

    [Fact]
    public void CsvWriter_output_parses_back_to_the_same_fields()
    {
        string[] fields = ["plain", "with, comma", "with \"quotes\"", "two\nlines", " edge spaces ", "", "한글"];
        using var writer = new StringWriter();
        CsvWriter.WriteRecord(writer, fields);
        CsvWriter.WriteRecord(writer, ["x"]);

        var records = CsvParser.Parse(writer.ToString()).ToList();

        records[0].Fields.Should().Equal(fields);
        records[1].Fields.Should().Equal("x");
        records[1].Line.Should().Be(3);
    }
}
