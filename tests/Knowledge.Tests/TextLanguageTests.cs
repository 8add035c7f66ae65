namespace Growbin.Knowledge.Tests;

public sealed class TextLanguageTests
{
    [Theory]
    [InlineData(null, TextLanguage.Ko)]
    [InlineData("", TextLanguage.Ko)]
    [InlineData("en", TextLanguage.En)]
    [InlineData("en-US,en;q=0.9", TextLanguage.En)]
    [InlineData("ko-KR,ko;q=0.9,en-US;q=0.8", TextLanguage.Ko)]
    [InlineData("en;q=0.5, ko;q=0.8", TextLanguage.Ko)]
    [InlineData("ja, en;q=0.7", TextLanguage.En)]
    [InlineData("ja, zh", TextLanguage.Ko)]
    [InlineData("en;q=0, ko;q=0.1", TextLanguage.Ko)]
    [InlineData("*", TextLanguage.Ko)]
    [InlineData("EN-gb", TextLanguage.En)]
    [InlineData("en;q=abc, ko;q=0.2", TextLanguage.Ko)]
    public void Accept_Language_picks_the_best_supported_language_with_Korean_as_the_default(string? header, TextLanguage expected) =>
        TextLanguages.FromAcceptLanguage(header).Should().Be(expected);

    [Theory]
    [InlineData("우유팩 어떻게 버려?", TextLanguage.Ko)]
    [InlineData("How do I throw away a pet bottle?", TextLanguage.En)]
    [InlineData("PET병", TextLanguage.Ko)]
    [InlineData("ㅋㅋ", TextLanguage.Ko)]
    public void The_language_of_a_message_is_Korean_when_it_has_Hangul(string text, TextLanguage expected) =>
        TextLanguages.OfText(text).Should().Be(expected);

    [Theory]
    [InlineData("123 !!", TextLanguage.En)]
    [InlineData("", TextLanguage.En)]
    public void A_message_without_letters_keeps_the_fallback(string text, TextLanguage fallback) =>
        TextLanguages.OfText(text, fallback).Should().Be(fallback);

    [Theory]
    [InlineData("ko", TextLanguage.Ko)]
    [InlineData("en-US", TextLanguage.En)]
    [InlineData("fr", null)]
    [InlineData(" ", null)]
    public void A_language_tag_is_read_by_its_primary_subtag(string tag, TextLanguage? expected) =>
        TextLanguages.FromTag(tag).Should().Be(expected);

    [Fact]
    public void The_tag_round_trips()
    {
        TextLanguages.FromTag(TextLanguage.En.Tag()).Should().Be(TextLanguage.En);
        TextLanguages.FromTag(TextLanguage.Ko.Tag()).Should().Be(TextLanguage.Ko);
    }

    [Fact]
    public void The_dataset_licence_is_stated()
    {
        KnowledgeBase.Default.License!.Spdx.Should().Be("Apache-2.0");
        KnowledgeBase.Default.License.Statement.Should().Contain("written by the Growbin authors");
        KnowledgeBase.Default.Sources.Should().OnlyContain(s => s.Url != null && s.Edition != null, "every source has an edition or year and a URL");
    }
}
