namespace Growbin.Knowledge.Tests;

public sealed class EnglishTextTests
{
    [Theory]
    [InlineData("peels", "peel")]
    [InlineData("batteries", "battery")]
    [InlineData("boxes", "box")]
    [InlineData("knives", "knife")]
    [InlineData("glass", "glass")]
    [InlineData("cactus", "cactus")]
    [InlineData("cans", "can")]
    [InlineData("gas", "gas")]
    [InlineData("우유팩들", "우유팩들")]
    public void Singular_undoes_the_english_plural_only(string word, string expected) =>
        EnglishText.Singular(word).Should().Be(expected);

    [Theory]
    [InlineData("how do i throw away a pizza box", "pizza box", true)]
    [InlineData("pizza box", "pizza box", true)]
    [InlineData("pizza box please", "pizza", true)]
    [InlineData("old scanner", "can", false)]
    [InlineData("a can", "can", true)]
    [InlineData("cans and can", "can", true)]
    [InlineData("pizza boxes", "pizza box", false)]
    [InlineData("box", "pizza box", false)]
    [InlineData("pizza box", "", false)]
    public void ContainsWords_matches_whole_consecutive_words(string words, string phrase, bool expected) =>
        EnglishText.ContainsWords(words, phrase).Should().Be(expected);
}
