using Growbin.ResponseGenerator.Korean;

namespace Growbin.ResponseGenerator.Tests;

public sealed class KoreanParticlesTests
{
    [Theory]
    // Open syllable; ㄹ받침 (takes 로, not 으로); another 받침.
    [InlineData("사과", "사과를", "사과는", "사과가", "사과로")]
    [InlineData("병", "병을", "병은", "병이", "병으로")]
    [InlineData("물", "물을", "물은", "물이", "물로")]
    [InlineData("우유팩", "우유팩을", "우유팩은", "우유팩이", "우유팩으로")]
    [InlineData("종이", "종이를", "종이는", "종이가", "종이로")]
    [InlineData("지자체 종량제 봉투", "지자체 종량제 봉투를", "지자체 종량제 봉투는", "지자체 종량제 봉투가", "지자체 종량제 봉투로")]
    // A trailing parenthesis is skipped: the particle goes with the word before it.
    [InlineData("영수증(감열지)", "영수증(감열지)을", "영수증(감열지)은", "영수증(감열지)이", "영수증(감열지)으로")]
    [InlineData("발포합성수지(스티로폼)", "발포합성수지(스티로폼)를", "발포합성수지(스티로폼)는", "발포합성수지(스티로폼)가", "발포합성수지(스티로폼)로")]
    // Upper-case letters are read as an initialism: 디, 씨 (open), 엘 (ㄹ), 엠 (other 받침).
    [InlineData("CD·DVD", "CD·DVD를", "CD·DVD는", "CD·DVD가", "CD·DVD로")]
    [InlineData("PVC", "PVC를", "PVC는", "PVC가", "PVC로")]
    [InlineData("HTML", "HTML을", "HTML은", "HTML이", "HTML로")]
    [InlineData("PM", "PM을", "PM은", "PM이", "PM으로")]
    // Digits are read as Sino-Korean numbers: 일 (ㄹ), 이 (open), 삼 (ㅁ), 십, 백, 영.
    [InlineData("1", "1을", "1은", "1이", "1로")]
    [InlineData("2", "2를", "2는", "2가", "2로")]
    [InlineData("3", "3을", "3은", "3이", "3으로")]
    [InlineData("10", "10을", "10은", "10이", "10으로")]
    [InlineData("100", "100을", "100은", "100이", "100으로")]
    [InlineData("0", "0을", "0은", "0이", "0으로")]
    [InlineData("1.5L 생수병 2", "1.5L 생수병 2를", "1.5L 생수병 2는", "1.5L 생수병 2가", "1.5L 생수병 2로")]
    // An English word's reading is not fixed by its spelling, nor a symbol's: both forms, as Korean forms write them.
    [InlineData("carton", "carton을(를)", "carton은(는)", "carton이(가)", "carton(으)로")]
    [InlineData("?!", "?!을(를)", "?!은(는)", "?!이(가)", "?!(으)로")]
    [InlineData("", "을(를)", "은(는)", "이(가)", "(으)로")]
    public void Particles_follow_the_last_sound_of_the_word(string word, string @object, string topic, string subject, string direction)
    {
        KoreanParticles.Object(word).Should().Be(@object);
        KoreanParticles.Topic(word).Should().Be(topic);
        KoreanParticles.Subject(word).Should().Be(subject);
        KoreanParticles.Direction(word).Should().Be(direction);
    }

    [Fact]
    public void The_particle_alone_can_be_asked_for()
    {
        KoreanParticles.For("유리병", Particle.Direction).Should().Be("으로");
        KoreanParticles.For("캔", Particle.Topic).Should().Be("은");
        KoreanParticles.For("페트병 뚜껑", Particle.Subject).Should().Be("이");
    }

    [Fact]
    public void Every_dataset_name_gets_a_definite_particle()
    {
        // The dataset's names are Hangul or initialisms; none should fall back to the "은(는)" form.
        var names = Rules.Data.Items.Select(i => i.NameKo).Concat(Rules.Data.Categories.Select(c => c.NameKo));

        names.Select(KoreanParticles.Topic).Should().NotContain(text => text.EndsWith("은(는)"));
    }
}
