#include "LogStampFormat.h"

#include <algorithm>

namespace spaces {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// The digits of text[at, at + count) as a number; false when one is not a digit.
bool number(std::string_view text, std::size_t at, std::size_t count, int *value)
{
    if (at + count > text.size())
        return false;
    int result = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        if (!isDigit(text[i]))
            return false;
        result = result * 10 + (text[i] - '0');
    }
    *value = result;
    return true;
}

void putDigits(char *out, long long value, int count)
{
    for (int i = count - 1; i >= 0; --i) {
        out[i] = char('0' + value % 10);
        value /= 10;
    }
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
long long daysFromCivil(long long year, unsigned month, unsigned day)
{
    year -= month <= 2;
    const long long era = (year >= 0 ? year : year - 399) / 400;
    const unsigned yearOfEra = unsigned(year - era * 400);
    const unsigned dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const unsigned dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + (long long)dayOfEra - 719468;
}

// The inverse: year, month and day of a count of days since 1970-01-01.
void civilFromDays(long long days, long long *year, unsigned *month, unsigned *day)
{
    days += 719468;
    const long long era = (days >= 0 ? days : days - 146096) / 146097;
    const unsigned dayOfEra = unsigned(days - era * 146097);
    const unsigned yearOfEra =
        (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const unsigned dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const unsigned monthIndex = (5 * dayOfYear + 2) / 153;
    *day = dayOfYear - (153 * monthIndex + 2) / 5 + 1;
    *month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
    *year = (long long)yearOfEra + era * 400 + (*month <= 2);
}

} // namespace

bool LogStampFormat::format(const timespec &at, char *out)
{
    // Calendar arithmetic of our own rather than gmtime_r(): no locks, no time zone files.
    const long long seconds = at.tv_sec;
    long long days = seconds / 86400;
    long long rest = seconds % 86400;
    if (rest < 0) {
        rest += 86400;
        --days;
    }
    long long year = 0;
    unsigned month = 0;
    unsigned day = 0;
    civilFromDays(days, &year, &month, &day);
    if (year < 0 || year > 9999)
        return false;
    putDigits(out, year, 4);
    out[4] = '-';
    putDigits(out + 5, month, 2);
    out[7] = '-';
    putDigits(out + 8, day, 2);
    out[10] = 'T';
    putDigits(out + 11, rest / 3600, 2);
    out[13] = ':';
    putDigits(out + 14, rest / 60 % 60, 2);
    out[16] = ':';
    putDigits(out + 17, rest % 60, 2);
    out[19] = '.';
    putDigits(out + 20, (at.tv_nsec / 1000000) % 1000, 3);
    out[23] = 'Z';
    return true;
}

bool LogStampFormat::isStamped(std::string_view line)
{
    if (line.size() < PrefixLength)
        return false;
    // "dddd-dd-ddTdd:dd:dd.dddZ "
    static constexpr std::string_view Shape = "dddd-dd-ddTdd:dd:dd.dddZ ";
    for (std::size_t i = 0; i < PrefixLength; ++i) {
        if (Shape[i] == 'd' ? !isDigit(line[i]) : line[i] != Shape[i])
            return false;
    }
    return true;
}

std::optional<timespec> LogStampFormat::parseRfc3339(std::string_view text, std::size_t *length)
{
    int year = 0;
    int month = 0;
    int day = 0;
    int hour = 0;
    int minute = 0;
    int second = 0;
    if (!number(text, 0, 4, &year) || text.size() < 19 || text[4] != '-' ||
        !number(text, 5, 2, &month) || text[7] != '-' || !number(text, 8, 2, &day) ||
        (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !number(text, 11, 2, &hour) ||
        text[13] != ':' || !number(text, 14, 2, &minute) || text[16] != ':' ||
        !number(text, 17, 2, &second))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    std::size_t at = 19;
    long nanoseconds = 0;
    if (at < text.size() && text[at] == '.') {
        ++at;
        const std::size_t digits = at;
        long scale = 100000000;
        while (at < text.size() && isDigit(text[at])) {
            nanoseconds += (text[at] - '0') * scale;
            scale /= 10;
            ++at;
        }
        if (at == digits)
            return std::nullopt;
    }
    long long offset = 0;
    if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
        ++at;
    } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
        int offsetHours = 0;
        int offsetMinutes = 0;
        if (!number(text, at + 1, 2, &offsetHours) || at + 3 >= text.size() ||
            text[at + 3] != ':' || !number(text, at + 4, 2, &offsetMinutes) || offsetHours > 23 ||
            offsetMinutes > 59)
            return std::nullopt;
        offset = (offsetHours * 60LL + offsetMinutes) * 60;
        if (text[at] == '-')
            offset = -offset;
        at += 6;
    } else {
        return std::nullopt;
    }
    timespec result{};
    result.tv_sec = time_t(daysFromCivil(year, unsigned(month), unsigned(day)) * 86400 +
                           hour * 3600LL + minute * 60LL + std::min(second, 59) - offset);
    result.tv_nsec = nanoseconds;
    if (length)
        *length = at;
    return result;
}

} // namespace spaces
