// The generated TypeScript (fetch) client against the running service; exits non-zero on any mismatch.
import { Configuration, LogsApi, ResponseError, EventLogState } from './gen';

// Declared here rather than installing @types/node: only argv and exit are used.
declare const process: { argv: string[]; exit(code: number): never };

const base = process.argv[2];
const logs = new LogsApi(new Configuration({ basePath: base }));
const p = 'gen-ts-' + Math.random().toString(16).slice(2, 8) + '/';
const [n1, n2, n3] = [p + 'Microsoft-Windows-Sysmon/Operational', p + 'Windows PowerShell', p + 'Überwachung 😀'];
const [t1, t2, t3] = ['2026-11-24T10:00:00.123456789+05:30', '2026-11-24T10:00:00.000000001-08:00', '2026-11-24T10:00:00Z'];
const MAX = '18446744073709551615';

function expect(ok: boolean, what: string): void {
	if (!ok) {
		throw new Error('typescript client: ' + what);
	}
}

function check(state: EventLogState, name: string, recordNumber: string, timestamp: string, bookmark?: string): void {
	const got = JSON.stringify([state.name, state.recordNumber, state.timestamp, state.bookmark]);
	expect(got === JSON.stringify([name, recordNumber, timestamp, bookmark]), got);
}

async function main(): Promise<void> {
	check(await logs.putLog({ name: n1, durable: true, positionUpdate: { recordNumber: MAX, timestamp: t1, bookmark: '<BookmarkList/>' } }),
		n1, MAX, t1, '<BookmarkList/>');
	const result = await logs.putLogs({ batchUpdate: { eventLogs: [
		{ name: n2, recordNumber: '9007199254740993', timestamp: t2 }, { name: n3, recordNumber: '0', timestamp: t3 }] } });
	expect(result.applied === 2, 'applied ' + result.applied);
	check(await logs.getLog({ name: n1 }), n1, MAX, t1, '<BookmarkList/>');

	let page = await logs.listLogs({ prefix: p, limit: 2 });
	const states = [...page.eventLogs];
	expect(page.eventLogs.length === 2 && !!page.next, 'first page');
	page = await logs.listLogs({ prefix: p, limit: 2, cursor: page.next });
	states.push(...page.eventLogs);
	expect(page.next === undefined, 'last page has no next');
	expect(states.length === 3, 'three states');
	check(states[0], n1, MAX, t1, '<BookmarkList/>');
	check(states[1], n2, '9007199254740993', t2, undefined);
	check(states[2], n3, '0', t3, undefined);

	await logs.deleteLog({ name: n2, durable: true });
	try {
		await logs.getLog({ name: n2 });
		expect(false, '404 expected');
	}
	catch (ex) {
		expect(ex instanceof ResponseError, 'ResponseError ' + ex);
		const response = (ex as ResponseError).response;
		expect(response.status === 404, 'status ' + response.status);
		expect((response.headers.get('Content-Type') ?? '').startsWith('application/problem+json'), 'problem content type');
		const problem = await response.json();
		expect(problem.title === 'Not found' && problem.status === 404, JSON.stringify(problem));
	}
	console.log('typescript: all exact');
}

main().catch((ex) => {
	console.error(ex);
	process.exit(1);
});
