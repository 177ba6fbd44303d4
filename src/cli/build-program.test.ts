import { describe, it, expect } from 'vitest';
import { testContext } from './__fixtures__/test-context.js';

describe('switchyard CLI', () => {
  it('prints help listing every command, with exit code 0', async () => {
    const result = await testContext().run('--help');
    expect(result.code).toBe(0);
    for (const command of ['serve', 'config', 'keys'])
      expect(result.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  it.each([
    [['serve'], ['--config <path>', '--host <host>', '--port <port>', '--data-dir <path>', 'Examples:']],
    [
      ['config', 'check'],
      ['--config <path>', '--json', 'Exit code: 0 when valid, 1 when not.', 'Examples:'],
    ],
    [
      ['keys', 'create'],
      [
        '--name <name>',
        '--team <id>',
        '--project <id>',
        '--expires-in <duration>',
        '--url <url>',
        '--admin-token <token>',
        '--json',
        'Examples:',
      ],
    ],
    [
      ['keys', 'list'],
      ['--all', '--url <url>', '--admin-token <token>', '--json', 'Examples:'],
    ],
    [
      ['keys', 'revoke'],
      ['<id>', '--url <url>', '--admin-token <token>', '--json', 'Example:'],
    ],
  ])('has real help for %j', async (command, expected) => {
    const result = await testContext().run(...command, '--help');
    expect(result.code).toBe(0);
    const [usage, , description] = result.stdout.split('\n');
    expect(usage).toBe(
      `Usage: switchyard ${command.join(' ')} ${command[1] === 'revoke' ? '[options] <id>' : '[options]'}`,
    );
    expect(description?.length).toBeGreaterThan(20);
    for (const text of expected) expect(result.stdout).toContain(text);
  });

  it('prints the package version', async () => {
    const result = await testContext().run('--version');
    expect(result).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
  });

  it('fails with exit code 1 and a one-line reason on unknown commands and options', async () => {
    const unknown = await testContext().run('serv');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("error: unknown command 'serv'");
    expect(unknown.stderr).toContain('(Did you mean serve?)');
    const option = await testContext().run('keys', 'list', '--bogus');
    expect(option.code).toBe(1);
    expect(option.stderr.split('\n')[0]).toBe("error: unknown option '--bogus'");
  });

  it('shows the group help, exit code 1, when a group is called without a command', async () => {
    const result = await testContext().run('keys');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Usage: switchyard keys [options] [command]');
  });
});
