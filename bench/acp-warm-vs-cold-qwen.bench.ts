import { acpWarmVsColdBench } from './warm-vs-cold';

export default acpWarmVsColdBench('qwen');
